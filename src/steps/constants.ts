import {
  RelationshipClass,
  StepEntityMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: 'fetch-account',
  CLIENTS: 'fetch-clients',
  USERS: 'fetch-users',
  ROLES: 'fetch-roles',
  RESOURCE_SERVERS: 'fetch-resource-servers',
  USER_ROLES: 'build-user-role-relationships',
  ROLE_PERMISSIONS: 'build-role-permission-relationships',
  CLIENT_GRANTS: 'fetch-client-grants',
  ORGANIZATIONS: 'fetch-organizations',
  ORGANIZATION_MEMBERS: 'build-organization-members',
  CONNECTIONS: 'fetch-connections',
  CONNECTION_USERS: 'build-connection-user-relationships',
  SIGNING_KEYS: 'fetch-signing-keys',
} as const;

/**
 * Job-state data one step leaves for a later one. The users step records the
 * user keys of each connection name (keys only), so linking connections to
 * users does not read every user entity back from disk.
 */
export const DataKeys = {
  USER_KEYS_BY_CONNECTION: 'user-keys-by-connection',
} as const;

export type UserKeysByConnection = Map<string, string[]>;

/** Groups of optional steps a customer can switch off (see `ingestionConfig` in src/index.ts). */
export const IngestionSources = {
  ROLES: 'roles',
  CLIENT_GRANTS: 'clientGrants',
  ORGANIZATIONS: 'organizations',
  CONNECTIONS: 'connections',
  SIGNING_KEYS: 'signingKeys',
} as const;

export const Entities: Record<
  | 'ACCOUNT'
  | 'CLIENT'
  | 'USER'
  | 'ROLE'
  | 'SERVER'
  | 'ORGANIZATION'
  | 'CONNECTION'
  | 'SIGNING_KEY',
  StepEntityMetadata
> = {
  ACCOUNT: {
    resourceName: 'Auth0 Account',
    _type: 'auth0_account',
    _class: ['Account'],
  },
  CLIENT: {
    resourceName: 'Auth0 Client',
    _type: 'auth0_client',
    _class: ['Application'],
  },
  USER: {
    resourceName: 'Auth0 User',
    _type: 'auth0_user',
    _class: ['User'],
  },
  ROLE: {
    resourceName: 'Auth0 Role',
    _type: 'auth0_role',
    _class: ['AccessRole'],
  },
  // An Auth0 API (resource server): the program interface tokens are issued for.
  // Host and Gateway are the previous integration's classes, kept for its queries.
  SERVER: {
    resourceName: 'Auth0 API (Resource Server)',
    _type: 'auth0_server',
    _class: ['Host', 'Gateway', 'ApplicationEndpoint'],
  },
  ORGANIZATION: {
    resourceName: 'Auth0 Organization',
    _type: 'auth0_organization',
    _class: ['Organization'],
  },
  // A connection is where users come from: a database, a social or enterprise IdP, passwordless.
  CONNECTION: {
    resourceName: 'Auth0 Connection',
    _type: 'auth0_connection',
    _class: ['Directory'],
  },
  // A token signing key is published as an X.509 certificate; only its public part is kept.
  SIGNING_KEY: {
    resourceName: 'Auth0 Signing Key',
    _type: 'auth0_signing_key',
    _class: ['Certificate'],
  },
};

export const Relationships: Record<
  | 'ACCOUNT_HAS_CLIENT'
  | 'ACCOUNT_HAS_USER'
  | 'ACCOUNT_HAS_ROLE'
  | 'ACCOUNT_HAS_SERVER'
  | 'ACCOUNT_HAS_ORGANIZATION'
  | 'USER_ASSIGNED_ROLE'
  | 'ROLE_PROTECTS_SERVER'
  | 'CLIENT_USES_SERVER'
  | 'ORGANIZATION_HAS_USER'
  | 'ACCOUNT_HAS_CONNECTION'
  | 'CLIENT_USES_CONNECTION'
  | 'CONNECTION_HAS_USER'
  | 'ACCOUNT_HAS_SIGNING_KEY',
  StepRelationshipMetadata
> = {
  ACCOUNT_HAS_CLIENT: {
    _type: 'auth0_account_has_client',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.CLIENT._type,
  },
  ACCOUNT_HAS_USER: {
    _type: 'auth0_account_has_user',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_ROLE: {
    _type: 'auth0_account_has_role',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.ROLE._type,
  },
  ACCOUNT_HAS_SERVER: {
    _type: 'auth0_account_has_server',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.SERVER._type,
  },
  ACCOUNT_HAS_ORGANIZATION: {
    _type: 'auth0_account_has_organization',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.ORGANIZATION._type,
  },
  /** a direct role assignment (role members) */
  USER_ASSIGNED_ROLE: {
    _type: 'auth0_user_assigned_role',
    sourceType: Entities.USER._type,
    _class: RelationshipClass.ASSIGNED,
    targetType: Entities.ROLE._type,
  },
  /** the role's permissions on one API, as the `permissions` property (the previous integration's type and class) */
  ROLE_PROTECTS_SERVER: {
    _type: 'auth0_role_protects_server',
    sourceType: Entities.ROLE._type,
    _class: RelationshipClass.PROTECTS,
    targetType: Entities.SERVER._type,
  },
  /** a client grant: the application may get tokens for the API with `scopes` */
  CLIENT_USES_SERVER: {
    _type: 'auth0_client_uses_server',
    sourceType: Entities.CLIENT._type,
    _class: RelationshipClass.USES,
    targetType: Entities.SERVER._type,
  },
  /** organization membership, with the member's organization `roles` */
  ORGANIZATION_HAS_USER: {
    _type: 'auth0_organization_has_user',
    sourceType: Entities.ORGANIZATION._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_CONNECTION: {
    _type: 'auth0_account_has_connection',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.CONNECTION._type,
  },
  /** the connection is enabled for the application (users can log in to it through the connection) */
  CLIENT_USES_CONNECTION: {
    _type: 'auth0_client_uses_connection',
    sourceType: Entities.CLIENT._type,
    _class: RelationshipClass.USES,
    targetType: Entities.CONNECTION._type,
  },
  /** the user has an identity in the connection */
  CONNECTION_HAS_USER: {
    _type: 'auth0_connection_has_user',
    sourceType: Entities.CONNECTION._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_SIGNING_KEY: {
    _type: 'auth0_account_has_signing_key',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.SIGNING_KEY._type,
  },
};

/** Where the account entity is kept for the steps that link to it. */
export const ACCOUNT_ENTITY_KEY = 'ACCOUNT_ENTITY';
