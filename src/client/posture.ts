import {
  BreachedPasswordDetectionRecord,
  BruteForceProtectionRecord,
  CONNECTION_FIELDS,
  ConnectionClientRecord,
  ConnectionRecord,
  GuardianFactorRecord,
  pickBreachedPasswordDetection,
  pickBruteForceProtection,
  pickConnection,
  pickConnectionClient,
  pickGuardianFactor,
  pickSigningKey,
  pickSuspiciousIpThrottling,
  pickTenantSettings,
  SigningKeyRecord,
  SuspiciousIpThrottlingRecord,
  TENANT_SETTINGS_FIELDS,
  TenantSettingsRecord,
} from '../api/postureRecords';
import { Auth0Session, PAGE_SIZE, records, ResourceIteratee } from './session';

const ACCOUNT_POSTURE_LOST = 'auth0_account is collected without';
const ATTACK_PROTECTION_LOST = `${ACCOUNT_POSTURE_LOST} its attack protection settings (bruteForceProtection*, breachedPasswordDetection*, suspiciousIpThrottling*)`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The tenant's security posture: connections and the clients they serve,
 * MFA, tenant settings, attack protection and signing keys:
 * `client.posture`.
 */
export class PostureClient {
  constructor(private readonly session: Auth0Session) {}

  /** Connections (identity sources); their option secrets are dropped field by field. */
  async iterateConnections(
    iteratee: ResourceIteratee<ConnectionRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      'GET /api/v2/connections',
      async (from) => {
        const result = await this.session.management.connections.list({
          from,
          take: PAGE_SIZE,
          fields: CONNECTION_FIELDS.join(','),
          include_fields: true,
        });
        return { items: records(result.data), next: result.response.next };
      },
      pickConnection,
      (connection) => connection.id,
      iteratee,
    );
  }

  /** The clients a connection is enabled for (`enabled_clients` is deprecated). */
  async iterateConnectionClients(
    connectionId: string,
    iteratee: ResourceIteratee<ConnectionClientRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      `GET /api/v2/connections/${encodeURIComponent(connectionId)}/clients`,
      async (from) => {
        const result = await this.session.management.connections.clients.get(
          connectionId,
          { from, take: PAGE_SIZE },
        );
        return { items: records(result.data), next: result.response.next };
      },
      pickConnectionClient,
      (client) => client.client_id,
      iteratee,
      true,
    );
  }

  /** `[]` when MFA is never required; `all-applications` or `confidence-score` (adaptive) otherwise. */
  async getMfaPolicies(): Promise<string[]> {
    const policies: unknown = await this.session.call(
      'GET /api/v2/guardian/policies',
      () => this.session.management.guardian.policies.list(),
      `${ACCOUNT_POSTURE_LOST} mfaEnabled and mfaPolicies`,
    );
    return Array.isArray(policies)
      ? policies.filter((p): p is string => typeof p === 'string')
      : [];
  }

  async listGuardianFactors(): Promise<GuardianFactorRecord[]> {
    const factors: unknown = await this.session.call(
      'GET /api/v2/guardian/factors',
      () => this.session.management.guardian.factors.list(),
      `${ACCOUNT_POSTURE_LOST} mfaFactors`,
    );
    return Array.isArray(factors)
      ? records(factors.filter(isPlainObject)).map(pickGuardianFactor)
      : [];
  }

  async getTenantSettings(): Promise<TenantSettingsRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/tenants/settings',
      () =>
        this.session.management.tenants.settings.get({
          fields: TENANT_SETTINGS_FIELDS.join(','),
          include_fields: true,
        }),
      `${ACCOUNT_POSTURE_LOST} sessionLifetime and idleSessionLifetime`,
    );
    return isPlainObject(settings) ? pickTenantSettings(settings) : {};
  }

  async getBruteForceProtection(): Promise<BruteForceProtectionRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/brute-force-protection',
      () => this.session.management.attackProtection.bruteForceProtection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickBruteForceProtection(settings) : {};
  }

  async getBreachedPasswordDetection(): Promise<BreachedPasswordDetectionRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/breached-password-detection',
      () =>
        this.session.management.attackProtection.breachedPasswordDetection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings)
      ? pickBreachedPasswordDetection(settings)
      : {};
  }

  async getSuspiciousIpThrottling(): Promise<SuspiciousIpThrottlingRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/suspicious-ip-throttling',
      () =>
        this.session.management.attackProtection.suspiciousIpThrottling.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickSuspiciousIpThrottling(settings) : {};
  }

  /** The tenant's token signing keys: public certificates only. */
  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const keys: unknown = await this.session.call(
      'GET /api/v2/keys/signing',
      () => this.session.management.keys.signing.list(),
    );
    return Array.isArray(keys)
      ? records(keys.filter(isPlainObject))
          .map(pickSigningKey)
          .filter((key) => typeof key.kid === 'string' && key.kid !== '')
      : [];
  }
}
