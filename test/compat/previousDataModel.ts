/**
 * The data model of the previous public JupiterOne Auth0 integration
 * (`@jupiterone/graph-auth0` 0.8.3), as data: its types, classes, keys and
 * the value type of every property it set. Read from its published
 * converters (`src/converters/index.ts`), constants
 * (`src/constants/constants.ts`), steps and generated `docs/jupiterone.md`,
 * and from its collection snapshot. Customers' saved queries, alerts and
 * mapping rules name these; `test/compat.test.ts` checks that a collection
 * still writes every one of them, with the same value type.
 */

/**
 * - `string`, `number`, `boolean`, `string[]`: the JSON type of the value;
 * - `iso-timestamp`: a string holding an ISO 8601 time (`2023-10-30T20:24:45.094Z`);
 * - `json`: a string holding JSON.
 */
export type PreviousValueType =
  'string' | 'number' | 'boolean' | 'string[]' | 'iso-timestamp' | 'json';

export interface PreviousEntityType {
  _type: string;
  _class: string[];
  /** how the previous integration built `_key` */
  key: { property: string } | { prefix: string; of: 'instanceId' };
  properties: Record<string, PreviousValueType>;
  /**
   * Properties this integration no longer writes, with the reason; each is
   * named in CHANGELOG.md and docs/migration.md.
   */
  dropped?: Record<string, string>;
}

export interface PreviousRelationshipType {
  _type: string;
  _class: string;
  sourceType: string;
  targetType: string;
}

export const PREVIOUS_VERSION = '0.8.3';

export const PREVIOUS_ENTITIES: PreviousEntityType[] = [
  {
    _type: 'auth0_account',
    _class: ['Account'],
    key: { prefix: 'auth0-account:', of: 'instanceId' },
    properties: {
      id: 'string',
      name: 'string',
      displayName: 'string',
      webLink: 'string',
    },
  },
  {
    _type: 'auth0_user',
    _class: ['User'],
    key: { property: 'userId' },
    properties: {
      name: 'string',
      displayName: 'string',
      username: 'string',
      nickname: 'string',
      email: 'string',
      webLink: 'string',
      userId: 'string',
      emailVerified: 'boolean',
      phoneNumber: 'string',
      phoneVerified: 'boolean',
      createdAt: 'iso-timestamp',
      updatedAt: 'iso-timestamp',
      identities: 'json',
      picture: 'string',
      multifactor: 'string[]',
      lastIp: 'string',
      lastLogin: 'iso-timestamp',
      loginsCount: 'number',
      blocked: 'boolean',
      givenName: 'string',
      familyName: 'string',
    },
  },
  {
    _type: 'auth0_client',
    _class: ['Application'],
    key: { property: 'clientId' },
    properties: {
      name: 'string',
      displayName: 'string',
      webLink: 'string',
      clientId: 'string',
      tenant: 'string',
      description: 'string',
      global: 'boolean',
      appType: 'string',
      logoUri: 'string',
      isFirstParty: 'boolean',
      oidcConformant: 'boolean',
      callbacks: 'string[]',
      allowedOrigins: 'string[]',
      webOrigins: 'string[]',
      clientAliases: 'string[]',
      allowedClients: 'string[]',
      allowedLogoutUrls: 'string[]',
      grantTypes: 'string[]',
      sso: 'boolean',
      ssoDisabled: 'boolean',
      crossOriginAuth: 'boolean',
      crossOriginLoc: 'string',
      customLoginPageOn: 'boolean',
      tokenEndpointAuthMethod: 'string',
      initiateLoginUri: 'string',
      organizationUsage: 'string',
      organizationRequireBehavior: 'string',
      tokenExpirationType: 'string',
      tokenTokenLifetime: 'number',
      tokenInfiniteTokenLifetime: 'boolean',
      tokenIdleTokenLifetime: 'number',
      tokenInfiniteIdleTokenLifetime: 'boolean',
    },
    dropped: {
      customLoginPage:
        'page markup (the HTML of a customized Universal Login page), not a setting to query',
      customLoginPagePreview:
        'page markup (the preview of the customized login page), not a setting to query',
      formTemplate:
        'page markup (the HTML form template of WS-Federation and SAML login), not a setting to query',
    },
  },
  {
    _type: 'auth0_role',
    _class: ['AccessRole'],
    key: { property: 'id' },
    properties: {
      id: 'string',
      name: 'string',
      displayName: 'string',
      description: 'string',
      webLink: 'string',
    },
  },
  {
    _type: 'auth0_server',
    _class: ['Host', 'Gateway'],
    key: { property: 'hostname' },
    properties: {
      id: 'string',
      name: 'string',
      displayName: 'string',
      hostname: 'string',
      category: 'string[]',
      function: 'string[]',
      public: 'boolean',
      offlineAccess: 'boolean',
      webLink: 'string',
    },
  },
];

export const PREVIOUS_RELATIONSHIPS: PreviousRelationshipType[] = [
  {
    _type: 'auth0_account_has_client',
    _class: 'HAS',
    sourceType: 'auth0_account',
    targetType: 'auth0_client',
  },
  {
    _type: 'auth0_account_has_user',
    _class: 'HAS',
    sourceType: 'auth0_account',
    targetType: 'auth0_user',
  },
  {
    _type: 'auth0_user_assigned_role',
    _class: 'ASSIGNED',
    sourceType: 'auth0_user',
    targetType: 'auth0_role',
  },
  {
    _type: 'auth0_role_protects_server',
    _class: 'PROTECTS',
    sourceType: 'auth0_role',
    targetType: 'auth0_server',
  },
];
