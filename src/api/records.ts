/**
 * The Auth0 fields this integration reads, as allow-lists. Requests ask
 * Auth0 for these fields only (`fields=...&include_fields=true`, and the
 * export job's `fields`), and every record is picked down to them again
 * before it reaches a converter, so secrets (client secrets, keys, metadata,
 * identity-provider tokens) are never even held, whatever Auth0 returns.
 */

export const USER_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'name',
  'nickname',
  'given_name',
  'family_name',
  'picture',
  'phone_number',
  'phone_verified',
  'created_at',
  'updated_at',
  'last_login',
  'last_ip',
  'logins_count',
  'blocked',
  'multifactor',
  'identities',
] as const;

/** What is kept of each `identities[]` entry; its tokens are not. */
export const IDENTITY_FIELDS = [
  'connection',
  'provider',
  'user_id',
  'isSocial',
] as const;

export const CLIENT_FIELDS = [
  'client_id',
  'tenant',
  'name',
  'description',
  'global',
  'app_type',
  'logo_uri',
  'is_first_party',
  'oidc_conformant',
  'callbacks',
  'allowed_origins',
  'web_origins',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'grant_types',
  'sso',
  'sso_disabled',
  'cross_origin_auth',
  'cross_origin_loc',
  'custom_login_page_on',
  'initiate_login_uri',
  'token_endpoint_auth_method',
  'organization_usage',
  'organization_require_behavior',
  'refresh_token',
] as const;

/** Refresh-token settings are policy, not secrets; kept field by field. */
export const REFRESH_TOKEN_FIELDS = [
  'rotation_type',
  'expiration_type',
  'leeway',
  'token_lifetime',
  'infinite_token_lifetime',
  'idle_token_lifetime',
  'infinite_idle_token_lifetime',
] as const;

export interface IdentityRecord {
  connection?: string;
  provider?: string;
  user_id?: string;
  isSocial?: boolean;
}

export interface UserRecord {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  phone_number?: string;
  phone_verified?: boolean;
  created_at?: string;
  updated_at?: string;
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  blocked?: boolean;
  multifactor?: string[];
  identities?: IdentityRecord[];
}

export interface RefreshTokenSettings {
  rotation_type?: string;
  expiration_type?: string;
  leeway?: number;
  token_lifetime?: number;
  infinite_token_lifetime?: boolean;
  idle_token_lifetime?: number;
  infinite_idle_token_lifetime?: boolean;
}

export interface ClientRecord {
  client_id: string;
  tenant?: string;
  name?: string;
  description?: string;
  global?: boolean;
  app_type?: string;
  logo_uri?: string;
  is_first_party?: boolean;
  oidc_conformant?: boolean;
  callbacks?: string[];
  allowed_origins?: string[];
  web_origins?: string[];
  client_aliases?: string[];
  allowed_clients?: string[];
  allowed_logout_urls?: string[];
  grant_types?: string[];
  sso?: boolean;
  sso_disabled?: boolean;
  cross_origin_auth?: boolean;
  cross_origin_loc?: string;
  custom_login_page_on?: boolean;
  initiate_login_uri?: string;
  token_endpoint_auth_method?: string;
  organization_usage?: string;
  organization_require_behavior?: string;
  refresh_token?: RefreshTokenSettings;
}

function pick<K extends string>(
  source: Record<string, unknown>,
  fields: readonly K[],
): Partial<Record<K, unknown>> {
  const picked: Partial<Record<K, unknown>> = {};
  for (const field of fields) {
    const value = source[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps only the allow-listed fields of an Auth0 user, identities included. */
export function pickUser(raw: Record<string, unknown>): UserRecord {
  const user = pick(raw, USER_FIELDS) as UserRecord & { identities?: unknown };
  if (user.identities !== undefined) {
    user.identities = Array.isArray(user.identities)
      ? user.identities
          .filter(isObject)
          .map((identity) => pick(identity, IDENTITY_FIELDS) as IdentityRecord)
      : undefined;
  }
  return user;
}

/** Keeps only the allow-listed fields of an Auth0 client (application). */
export function pickClient(raw: Record<string, unknown>): ClientRecord {
  const client = pick(raw, CLIENT_FIELDS) as ClientRecord & {
    refresh_token?: unknown;
  };
  if (client.refresh_token !== undefined) {
    client.refresh_token = isObject(client.refresh_token)
      ? (pick(
          client.refresh_token,
          REFRESH_TOKEN_FIELDS,
        ) as RefreshTokenSettings)
      : undefined;
  }
  return client;
}
