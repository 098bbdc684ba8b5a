/**
 * The simulator's posture endpoints: connections (checkpoint or offset
 * paging) and their enabled clients (checkpoint), the MFA policies and
 * factors, tenant settings, the three attack protection settings and the
 * signing keys. A tenant generated without `posture` answers like a new
 * tenant: no connections, no signing keys, no MFA policy and Auth0's default
 * attack protection. server.ts routes requests here after authentication and
 * scope checks, with the same route shape as identity.ts.
 */
import crypto from 'crypto';
import forge from 'node-forge';

import type { IdentityReply, IdentityRoute } from './identity';
import { checkpointPage, error, listPage, withQueryErrors } from './paging';
import type { SimulatedPosture, SimulatedSigningKey } from './postureTenant';
import type { SimulatedTenant } from './tenant';

/** Auth0's answers for a tenant nobody has hardened: the defaults of a new tenant. */
const NEW_TENANT: Omit<SimulatedPosture, 'connections' | 'signingKeys'> = {
  guardianPolicies: [],
  guardianFactors: [
    'sms',
    'push-notification',
    'otp',
    'email',
    'duo',
    'webauthn-roaming',
    'webauthn-platform',
    'recovery-code',
  ].map((name) => ({ name, enabled: false })),
  tenantSettings: {
    session_lifetime: 168,
    idle_session_lifetime: 72,
    sandbox_version: '18',
    flags: {},
  },
  bruteForceProtection: {
    enabled: true,
    shields: ['block', 'user_notification'],
    mode: 'count_per_identifier_and_ip',
    allowlist: [],
    max_attempts: 10,
  },
  breachedPasswordDetection: {
    enabled: false,
    shields: [],
    admin_notification_frequency: [],
    method: 'standard',
  },
  suspiciousIpThrottling: {
    enabled: true,
    shields: ['admin_notification', 'block'],
    allowlist: [],
    stage: {
      'pre-login': { max_attempts: 100, rate: 864000 },
      'pre-user-registration': { max_attempts: 50, rate: 1200 },
    },
  },
};

// One RSA key for every simulated certificate: generating 2048-bit keys is slow.
let keyPair: { privateKey: string; publicKey: string } | undefined;
const certificates = new Map<string, string>();

/**
 * The key's X.509 certificate, valid exactly from `validFrom` to `validTo`;
 * made once per kid. node-forge (selfsigned's own dependency) directly,
 * because selfsigned counts the expiry from today rather than from notBefore.
 */
export function signingCertificate(key: SimulatedSigningKey): string {
  const cacheKey = `${key.kid}|${key.validFrom}|${key.validTo}`;
  let pem = certificates.get(cacheKey);
  if (!pem) {
    keyPair ??= crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(keyPair.publicKey);
    cert.serialNumber = `01${crypto.createHash('sha256').update(key.kid).digest('hex').slice(0, 16)}`;
    cert.validity.notBefore = new Date(key.validFrom);
    cert.validity.notAfter = new Date(key.validTo);
    const subject = [{ name: 'commonName', value: 'demo-tenant.us.auth0.com' }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.sign(
      forge.pki.privateKeyFromPem(keyPair.privateKey),
      forge.md.sha256.create(),
    );
    pem = forge.pki.certificateToPem(cert);
    certificates.set(cacheKey, pem);
  }
  return pem;
}

function signingKeyView(key: SimulatedSigningKey): Record<string, unknown> {
  const cert = signingCertificate(key);
  const x509 = new crypto.X509Certificate(cert);
  const der = x509.raw;
  // validity dates are bookkeeping: the certificate carries them
  const record: Record<string, unknown> = { ...key };
  delete record.validFrom;
  delete record.validTo;
  return {
    ...record,
    cert,
    pkcs7: `-----BEGIN PKCS7-----\n${der
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n')}\n-----END PKCS7-----`,
    fingerprint: x509.fingerprint.toUpperCase(),
    thumbprint: crypto
      .createHash('sha1')
      .update(der)
      .digest('hex')
      .toUpperCase(),
  };
}

class PostureApi {
  constructor(private readonly getTenant: () => SimulatedTenant) {}

  private get posture(): SimulatedPosture | undefined {
    return this.getTenant().posture;
  }

  listConnections(url: URL): IdentityReply {
    const strategies = url.searchParams.getAll('strategy');
    const name = url.searchParams.get('name');
    const connections = (this.posture?.connections ?? [])
      .filter(
        (c) =>
          (strategies.length === 0 || strategies.includes(c.strategy)) &&
          (!name || c.name === name),
      )
      .map(({ clients: _clients, ...connection }) => connection);
    return listPage(url, 'connections', 'connections', connections);
  }

  /** Always checkpoint-paged, with or without `from`/`take`. */
  listConnectionClients(url: URL, id: string): IdentityReply {
    const connection = this.posture?.connections.find((c) => c.id === id);
    if (!connection)
      return error(
        404,
        'Not Found',
        'The connection does not exist',
        'inexistent_connection',
      );
    const clients = connection.clients.map((clientId) => ({
      client_id: clientId,
    }));
    return checkpointPage(
      url.searchParams,
      `clients:${id}`,
      'clients',
      clients,
    );
  }

  tenantSettings(url: URL): IdentityReply {
    const settings = (this.posture ?? NEW_TENANT).tenantSettings;
    const fields = (url.searchParams.get('fields') ?? '')
      .split(',')
      .filter(Boolean);
    if (fields.length === 0) return { status: 200, body: settings };
    const include = url.searchParams.get('include_fields') !== 'false';
    return {
      status: 200,
      body: Object.fromEntries(
        Object.entries(settings).filter(
          ([key]) => fields.includes(key) === include,
        ),
      ),
    };
  }

  signingKeys(): IdentityReply {
    return {
      status: 200,
      body: (this.posture?.signingKeys ?? []).map(signingKeyView),
    };
  }
}

/** The routes, for server.ts's route table; `getTenant` is read on each request. */
export function postureRoutes(
  getTenant: () => SimulatedTenant,
): IdentityRoute[] {
  const api = new PostureApi(getTenant);
  const setting = (
    path: string,
    scope: string,
    body: (s: Omit<SimulatedPosture, 'connections' | 'signingKeys'>) => unknown,
  ): IdentityRoute => ({
    method: 'GET',
    pattern: new RegExp(`^/api/v2/${path}/?$`),
    name: `GET /api/v2/${path}`,
    scopes: [scope],
    handle: () => ({
      status: 200,
      body: body(getTenant().posture ?? NEW_TENANT),
    }),
  });
  const routes: IdentityRoute[] = [
    {
      method: 'GET',
      pattern: /^\/api\/v2\/connections\/?$/,
      name: 'GET /api/v2/connections',
      scopes: ['read:connections'],
      handle: (url) => api.listConnections(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/connections\/([^/]+)\/clients\/?$/,
      name: 'GET /api/v2/connections/:id/clients',
      scopes: ['read:connections'],
      handle: (url, match) =>
        api.listConnectionClients(url, decodeURIComponent(match[1])),
    },
    setting(
      'guardian/policies',
      'read:mfa_policies',
      (s) => s.guardianPolicies,
    ),
    setting(
      'guardian/factors',
      'read:guardian_factors',
      (s) => s.guardianFactors,
    ),
    {
      method: 'GET',
      pattern: /^\/api\/v2\/tenants\/settings\/?$/,
      name: 'GET /api/v2/tenants/settings',
      scopes: ['read:tenant_settings'],
      handle: (url) => api.tenantSettings(url),
    },
    setting(
      'attack-protection/brute-force-protection',
      'read:attack_protection',
      (s) => s.bruteForceProtection,
    ),
    setting(
      'attack-protection/breached-password-detection',
      'read:attack_protection',
      (s) => s.breachedPasswordDetection,
    ),
    setting(
      'attack-protection/suspicious-ip-throttling',
      'read:attack_protection',
      (s) => s.suspiciousIpThrottling,
    ),
    {
      method: 'GET',
      pattern: /^\/api\/v2\/keys\/signing\/?$/,
      name: 'GET /api/v2/keys/signing',
      scopes: ['read:signing_keys'],
      handle: () => api.signingKeys(),
    },
  ];
  return withQueryErrors(routes);
}
