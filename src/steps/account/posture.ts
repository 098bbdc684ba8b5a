import {
  BreachedPasswordDetectionRecord,
  BruteForceProtectionRecord,
  GuardianFactorRecord,
  SuspiciousIpThrottlingRecord,
  TenantSettingsRecord,
} from '../../api/postureRecords';

/** What the account step read of the tenant's posture; a read that failed is absent. */
export interface AccountPosture {
  mfaPolicies?: string[];
  guardianFactors?: GuardianFactorRecord[];
  tenantSettings?: TenantSettingsRecord;
  bruteForceProtection?: BruteForceProtectionRecord;
  breachedPasswordDetection?: BreachedPasswordDetectionRecord;
  suspiciousIpThrottling?: SuspiciousIpThrottlingRecord;
}

export type PostureProperties = Record<
  string,
  string | number | boolean | string[] | undefined
>;

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value)
    ? [
        ...new Set(
          value.filter((v): v is string => typeof v === 'string' && v !== ''),
        ),
      ].sort()
    : undefined;
}

/**
 * The account's posture properties. A part that could not be read leaves its
 * properties unset (never `false`), so that "MFA is off" is never reported
 * for a tenant whose MFA policy is merely unknown.
 */
export function getAccountPostureProperties(
  posture: AccountPosture,
): PostureProperties {
  const properties: PostureProperties = {};
  if (posture.mfaPolicies) {
    const policies = strings(posture.mfaPolicies) ?? [];
    // `all-applications` (always) or `confidence-score` (adaptive); [] is "never".
    properties.mfaEnabled = policies.length > 0;
    properties.mfaPolicies = policies;
  }
  if (posture.guardianFactors) {
    properties.mfaFactors =
      strings(
        posture.guardianFactors
          .filter((factor) => factor.enabled === true)
          .map((factor) => factor.name),
      ) ?? [];
  }
  if (posture.tenantSettings) {
    properties.sessionLifetime = num(posture.tenantSettings.session_lifetime);
    properties.idleSessionLifetime = num(
      posture.tenantSettings.idle_session_lifetime,
    );
  }
  const brute = posture.bruteForceProtection;
  if (brute) {
    properties.bruteForceProtectionEnabled = bool(brute.enabled);
    properties.bruteForceProtectionShields = strings(brute.shields);
    properties.bruteForceProtectionMode = str(brute.mode);
    properties.bruteForceProtectionMaxAttempts = num(brute.max_attempts);
    properties.bruteForceProtectionAllowlist = strings(brute.allowlist);
  }
  const breached = posture.breachedPasswordDetection;
  if (breached) {
    properties.breachedPasswordDetectionEnabled = bool(breached.enabled);
    properties.breachedPasswordDetectionShields = strings(breached.shields);
    properties.breachedPasswordDetectionMethod = str(breached.method);
  }
  const throttling = posture.suspiciousIpThrottling;
  if (throttling) {
    properties.suspiciousIpThrottlingEnabled = bool(throttling.enabled);
    properties.suspiciousIpThrottlingShields = strings(throttling.shields);
    properties.suspiciousIpThrottlingAllowlist = strings(throttling.allowlist);
  }
  return properties;
}
