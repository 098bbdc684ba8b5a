import {
  BreachedPasswordDetectionRecord,
  BruteForceProtectionRecord,
  GuardianFactorRecord,
  SuspiciousIpThrottlingRecord,
  TenantSettingsRecord,
} from '../../api/postureRecords';
import { bool, num, str, stringSet } from '../values';

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
    const policies = stringSet(posture.mfaPolicies) ?? [];
    // `all-applications` (always) or `confidence-score` (adaptive); [] is "never".
    properties.mfaEnabled = policies.length > 0;
    properties.mfaPolicies = policies;
  }
  if (posture.guardianFactors) {
    properties.mfaFactors =
      stringSet(
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
    properties.bruteForceProtectionShields = stringSet(brute.shields);
    properties.bruteForceProtectionMode = str(brute.mode);
    properties.bruteForceProtectionMaxAttempts = num(brute.max_attempts);
    properties.bruteForceProtectionAllowlist = stringSet(brute.allowlist);
  }
  const breached = posture.breachedPasswordDetection;
  if (breached) {
    properties.breachedPasswordDetectionEnabled = bool(breached.enabled);
    properties.breachedPasswordDetectionShields = stringSet(breached.shields);
    properties.breachedPasswordDetectionMethod = str(breached.method);
  }
  const throttling = posture.suspiciousIpThrottling;
  if (throttling) {
    properties.suspiciousIpThrottlingEnabled = bool(throttling.enabled);
    properties.suspiciousIpThrottlingShields = stringSet(throttling.shields);
    properties.suspiciousIpThrottlingAllowlist = stringSet(
      throttling.allowlist,
    );
  }
  return properties;
}
