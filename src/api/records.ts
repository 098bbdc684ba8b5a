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

/** The allow-listed fields of a record that are present. */
export function pick<K extends string>(
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

export function isObject(value: unknown): value is Record<string, unknown> {
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

// ---------------------------------------------------------------------------
// Roles, APIs, client grants and organizations

export const ROLE_FIELDS = ['id', 'name', 'description'] as const;

export const ROLE_MEMBER_FIELDS = ['user_id'] as const;

export const ROLE_PERMISSION_FIELDS = [
  'resource_server_identifier',
  'resource_server_name',
  'permission_name',
] as const;

/** `signing_secret` (the HS256 key) and `token_encryption` are left out on purpose. */
export const RESOURCE_SERVER_FIELDS = [
  'id',
  'name',
  'identifier',
  'is_system',
  'scopes',
  'signing_alg',
  'allow_offline_access',
  'skip_consent_for_verifiable_first_party_clients',
  'token_lifetime',
  'token_lifetime_for_web',
  'token_dialect',
  'enforce_policies',
] as const;

export const RESOURCE_SERVER_SCOPE_FIELDS = ['value', 'description'] as const;

export const CLIENT_GRANT_FIELDS = [
  'id',
  'client_id',
  'audience',
  'scope',
  'organization_usage',
  'allow_any_organization',
  'allow_all_scopes',
  'is_system',
  'subject_type',
] as const;

/** `metadata` is free-form (it may hold anything, secrets included): not kept. */
export const ORGANIZATION_FIELDS = ['id', 'name', 'display_name'] as const;

export const ORGANIZATION_MEMBER_FIELDS = ['user_id', 'roles'] as const;

export const MEMBER_ROLE_FIELDS = ['id', 'name'] as const;

export interface RoleRecord {
  id: string;
  name?: string;
  description?: string;
}

export interface RoleMemberRecord {
  user_id: string;
}

export interface RolePermissionRecord {
  resource_server_identifier: string;
  resource_server_name?: string;
  permission_name: string;
}

export interface ResourceServerScope {
  value: string;
  description?: string;
}

export interface ResourceServerRecord {
  id?: string;
  name?: string;
  identifier: string;
  is_system?: boolean;
  scopes?: ResourceServerScope[];
  signing_alg?: string;
  allow_offline_access?: boolean;
  skip_consent_for_verifiable_first_party_clients?: boolean;
  token_lifetime?: number;
  token_lifetime_for_web?: number;
  token_dialect?: string;
  enforce_policies?: boolean;
}

export interface ClientGrantRecord {
  id: string;
  client_id?: string;
  audience?: string;
  scope?: string[];
  organization_usage?: string;
  allow_any_organization?: boolean;
  allow_all_scopes?: boolean;
  is_system?: boolean;
  subject_type?: string;
}

export interface OrganizationRecord {
  id: string;
  name?: string;
  display_name?: string;
}

export interface MemberRoleRecord {
  id?: string;
  name?: string;
}

export interface OrganizationMemberRecord {
  user_id: string;
  /** absent when the roles were not read (no read:organization_member_roles) */
  roles?: MemberRoleRecord[];
}

export function pickRole(raw: Record<string, unknown>): RoleRecord {
  return pick(raw, ROLE_FIELDS) as RoleRecord;
}

export function pickRoleMember(raw: Record<string, unknown>): RoleMemberRecord {
  return pick(raw, ROLE_MEMBER_FIELDS) as RoleMemberRecord;
}

export function pickRolePermission(
  raw: Record<string, unknown>,
): RolePermissionRecord {
  return pick(raw, ROLE_PERMISSION_FIELDS) as RolePermissionRecord;
}

/** Keeps only the allow-listed fields of a resource server: never its signing secret. */
export function pickResourceServer(
  raw: Record<string, unknown>,
): ResourceServerRecord {
  const server = pick(raw, RESOURCE_SERVER_FIELDS) as ResourceServerRecord & {
    scopes?: unknown;
  };
  if (server.scopes !== undefined) {
    server.scopes = Array.isArray(server.scopes)
      ? (server.scopes as unknown[])
          .filter(isObject)
          .map(
            (scope) =>
              pick(scope, RESOURCE_SERVER_SCOPE_FIELDS) as ResourceServerScope,
          )
      : undefined;
  }
  return server;
}

export function pickClientGrant(
  raw: Record<string, unknown>,
): ClientGrantRecord {
  return pick(raw, CLIENT_GRANT_FIELDS) as ClientGrantRecord;
}

export function pickOrganization(
  raw: Record<string, unknown>,
): OrganizationRecord {
  return pick(raw, ORGANIZATION_FIELDS) as OrganizationRecord;
}

export function pickOrganizationMember(
  raw: Record<string, unknown>,
): OrganizationMemberRecord {
  const member = pick(
    raw,
    ORGANIZATION_MEMBER_FIELDS,
  ) as OrganizationMemberRecord & { roles?: unknown };
  if (member.roles !== undefined) {
    member.roles = Array.isArray(member.roles)
      ? member.roles
          .filter(isObject)
          .map((role) => pick(role, MEMBER_ROLE_FIELDS) as MemberRoleRecord)
      : undefined;
  }
  return member;
}
