/**
 * Allow-lists for the tenant's security posture: connections, MFA policy and
 * factors, tenant settings, attack protection and signing keys, in the same
 * style as `records.ts`. Connection `options` are where Auth0 keeps an
 * identity provider's secrets (client secrets, private keys, admin tokens,
 * Twilio tokens, custom-database `configuration`), so they are picked field
 * by field: a secret is never kept because its name was not foreseen.
 */

import { isObject, pick } from './records';

export const CONNECTION_FIELDS = [
  'id',
  'name',
  'display_name',
  'strategy',
  'realms',
  'is_domain_connection',
  'show_as_button',
  'options',
] as const;

/** Policy settings only; nothing that authenticates to the identity provider. */
export const CONNECTION_OPTION_FIELDS = [
  'passwordPolicy',
  'password_complexity_options',
  'password_history',
  'password_no_personal_info',
  'password_dictionary',
  'brute_force_protection',
  'mfa',
  'disable_signup',
  'requires_username',
  'import_mode',
  'enabledDatabaseCustomization',
  'domain_aliases',
  'signSAMLRequest',
  'signatureAlgorithm',
  'digestAlgorithm',
] as const;

/** Nested option objects, each with its own allow-list (the dictionary's words are left out). */
export const CONNECTION_NESTED_OPTION_FIELDS = {
  password_complexity_options: ['min_length'],
  password_history: ['enable', 'size'],
  password_no_personal_info: ['enable'],
  password_dictionary: ['enable'],
  mfa: ['active', 'return_enroll_settings'],
} as const;

export const CONNECTION_CLIENT_FIELDS = ['client_id'] as const;

export const GUARDIAN_FACTOR_FIELDS = [
  'name',
  'enabled',
  'trial_expired',
] as const;

export const TENANT_SETTINGS_FIELDS = [
  'session_lifetime',
  'idle_session_lifetime',
] as const;

export const BRUTE_FORCE_PROTECTION_FIELDS = [
  'enabled',
  'shields',
  'allowlist',
  'mode',
  'max_attempts',
] as const;

export const BREACHED_PASSWORD_DETECTION_FIELDS = [
  'enabled',
  'shields',
  'admin_notification_frequency',
  'method',
] as const;

export const SUSPICIOUS_IP_THROTTLING_FIELDS = [
  'enabled',
  'shields',
  'allowlist',
] as const;

/** Public material only: no `pkcs7` chain (not needed) and never a private key. */
export const SIGNING_KEY_FIELDS = [
  'kid',
  'cert',
  'fingerprint',
  'thumbprint',
  'current',
  'next',
  'previous',
  'current_since',
  'current_until',
  'revoked',
  'revoked_at',
] as const;

export interface ConnectionOptions {
  passwordPolicy?: string;
  password_complexity_options?: { min_length?: number };
  password_history?: { enable?: boolean; size?: number };
  password_no_personal_info?: { enable?: boolean };
  password_dictionary?: { enable?: boolean };
  brute_force_protection?: boolean;
  mfa?: { active?: boolean; return_enroll_settings?: boolean };
  disable_signup?: boolean;
  requires_username?: boolean;
  import_mode?: boolean;
  enabledDatabaseCustomization?: boolean;
  domain_aliases?: string[];
  signSAMLRequest?: boolean;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
}

export interface ConnectionRecord {
  id: string;
  name?: string;
  display_name?: string;
  strategy?: string;
  realms?: string[];
  is_domain_connection?: boolean;
  show_as_button?: boolean;
  options?: ConnectionOptions;
}

export interface ConnectionClientRecord {
  client_id: string;
}

export interface GuardianFactorRecord {
  name?: string;
  enabled?: boolean;
  trial_expired?: boolean;
}

export interface TenantSettingsRecord {
  /** hours */
  session_lifetime?: number;
  /** hours */
  idle_session_lifetime?: number;
}

export interface BruteForceProtectionRecord {
  enabled?: boolean;
  shields?: string[];
  allowlist?: string[];
  mode?: string;
  max_attempts?: number;
}

export interface BreachedPasswordDetectionRecord {
  enabled?: boolean;
  shields?: string[];
  admin_notification_frequency?: string[];
  method?: string;
}

export interface SuspiciousIpThrottlingRecord {
  enabled?: boolean;
  shields?: string[];
  allowlist?: string[];
}

export interface SigningKeyRecord {
  kid: string;
  cert?: string;
  fingerprint?: string;
  thumbprint?: string;
  current?: boolean;
  next?: boolean;
  previous?: boolean;
  current_since?: string;
  current_until?: string;
  revoked?: boolean;
  revoked_at?: string;
}

/** Keeps the allow-listed options, and of each nested option object only its own allow-list. */
export function pickConnectionOptions(
  raw: Record<string, unknown>,
): ConnectionOptions {
  const options = pick(raw, CONNECTION_OPTION_FIELDS) as Record<
    string,
    unknown
  >;
  for (const [field, inner] of Object.entries(
    CONNECTION_NESTED_OPTION_FIELDS,
  )) {
    if (options[field] === undefined) continue;
    options[field] = isObject(options[field])
      ? pick(options[field] as Record<string, unknown>, inner)
      : undefined;
  }
  return options as ConnectionOptions;
}

/** Keeps only the allow-listed fields of a connection and of its options. */
export function pickConnection(raw: Record<string, unknown>): ConnectionRecord {
  const connection = pick(raw, CONNECTION_FIELDS) as ConnectionRecord & {
    options?: unknown;
  };
  if (connection.options !== undefined) {
    connection.options = isObject(connection.options)
      ? pickConnectionOptions(connection.options)
      : undefined;
  }
  return connection;
}

export function pickConnectionClient(
  raw: Record<string, unknown>,
): ConnectionClientRecord {
  return pick(raw, CONNECTION_CLIENT_FIELDS) as ConnectionClientRecord;
}

export function pickGuardianFactor(
  raw: Record<string, unknown>,
): GuardianFactorRecord {
  return pick(raw, GUARDIAN_FACTOR_FIELDS) as GuardianFactorRecord;
}

export function pickTenantSettings(
  raw: Record<string, unknown>,
): TenantSettingsRecord {
  return pick(raw, TENANT_SETTINGS_FIELDS) as TenantSettingsRecord;
}

export function pickBruteForceProtection(
  raw: Record<string, unknown>,
): BruteForceProtectionRecord {
  return pick(raw, BRUTE_FORCE_PROTECTION_FIELDS) as BruteForceProtectionRecord;
}

export function pickBreachedPasswordDetection(
  raw: Record<string, unknown>,
): BreachedPasswordDetectionRecord {
  return pick(
    raw,
    BREACHED_PASSWORD_DETECTION_FIELDS,
  ) as BreachedPasswordDetectionRecord;
}

export function pickSuspiciousIpThrottling(
  raw: Record<string, unknown>,
): SuspiciousIpThrottlingRecord {
  return pick(
    raw,
    SUSPICIOUS_IP_THROTTLING_FIELDS,
  ) as SuspiciousIpThrottlingRecord;
}

/** Keeps the public fields of a signing key: a private key Auth0 might add is dropped. */
export function pickSigningKey(raw: Record<string, unknown>): SigningKeyRecord {
  return pick(raw, SIGNING_KEY_FIELDS) as SigningKeyRecord;
}
