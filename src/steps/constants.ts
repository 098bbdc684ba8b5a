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
  ROLE_MEMBER_LISTS: 'fetch-role-members',
  USER_ROLES: 'build-user-role-relationships',
  ROLE_PERMISSIONS: 'build-role-permission-relationships',
  CLIENT_GRANTS: 'fetch-client-grants',
  ORGANIZATIONS: 'fetch-organizations',
  ORGANIZATION_MEMBER_LISTS: 'fetch-organization-members',
  ORGANIZATION_MEMBERS: 'build-organization-members',
  CONNECTIONS: 'fetch-connections',
  CONNECTION_USERS: 'build-connection-user-relationships',
  SIGNING_KEYS: 'fetch-signing-keys',
  ACTIONS: 'fetch-actions',
  RULES: 'fetch-rules',
  HOOKS: 'fetch-hooks',
  LOG_STREAMS: 'fetch-log-streams',
  CUSTOM_DOMAINS: 'fetch-custom-domains',
  EMAIL_PROVIDER: 'fetch-email-provider',
  EXTENSIBILITY_SUMMARY: 'build-extensibility-summary',
} as const;

/**
 * Job-state data one step leaves for a later one. The users step records the
 * user keys of each connection name in a file (`UserConnectionKeys`), so
 * linking connections to users does not read every user entity back from disk.
 */
export const DataKeys = {
  USER_KEYS_BY_CONNECTION: 'user-keys-by-connection',
  /** the spool file of role members, read beside the users step and linked after it */
  ROLE_MEMBERS_SPOOL: 'role-members-spool',
  /** the spool file of organization members (with their organization roles) */
  ORGANIZATION_MEMBERS_SPOOL: 'organization-members-spool',
} as const;

/** What the rules, hooks and log-stream steps leave for the extensibility summary (counts only). */
export const ExtensibilityDataKeys = {
  RULES: 'extensibility-rules-summary',
  HOOKS: 'extensibility-hooks-summary',
  LOG_STREAMS: 'extensibility-log-streams-summary',
} as const;

/** Groups of optional steps a customer can switch off (see `ingestionConfig` in src/index.ts). */
export const IngestionSources = {
  ROLES: 'roles',
  CLIENT_GRANTS: 'clientGrants',
  ORGANIZATIONS: 'organizations',
  CONNECTIONS: 'connections',
  SIGNING_KEYS: 'signingKeys',
  ACTIONS: 'actions',
  LEGACY_EXTENSIBILITY: 'legacyExtensibility',
  LOG_STREAMS: 'logStreams',
  CUSTOM_DOMAINS: 'customDomains',
  EMAIL_PROVIDER: 'emailProvider',
} as const;

export const Entities: Record<
  | 'ACCOUNT'
  | 'CLIENT'
  | 'USER'
  | 'ROLE'
  | 'SERVER'
  | 'ORGANIZATION'
  | 'CONNECTION'
  | 'SIGNING_KEY'
  | 'ACTION'
  | 'ACTION_TRIGGER'
  | 'NPM_PACKAGE'
  | 'RULE'
  | 'HOOK'
  | 'LOG_STREAM'
  | 'CUSTOM_DOMAIN'
  | 'EMAIL_PROVIDER'
  | 'EXTENSIBILITY_SUMMARY',
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
  // Customer code that runs in a login flow: the data model's serverless function.
  ACTION: {
    resourceName: 'Auth0 Action',
    _type: 'auth0_action',
    _class: ['Function'],
  },
  // A point of a flow (post-login, credentials-exchange...) that runs its bound actions in order.
  ACTION_TRIGGER: {
    resourceName: 'Auth0 Action Trigger',
    _type: 'auth0_action_trigger',
    _class: ['Workflow'],
  },
  // One npm package at one version, shared by every action that depends on it.
  NPM_PACKAGE: {
    resourceName: 'Auth0 Action npm Dependency',
    _type: 'auth0_npm_package',
    _class: ['CodeModule'],
  },
  RULE: {
    resourceName: 'Auth0 Rule (legacy)',
    _type: 'auth0_rule',
    _class: ['Function'],
  },
  HOOK: {
    resourceName: 'Auth0 Hook (legacy)',
    _type: 'auth0_hook',
    _class: ['Function'],
  },
  // Where the tenant's logs leave Auth0; only the sink's non-secret identity is kept.
  LOG_STREAM: {
    resourceName: 'Auth0 Log Stream',
    _type: 'auth0_log_stream',
    _class: ['Logs'],
  },
  CUSTOM_DOMAIN: {
    resourceName: 'Auth0 Custom Domain',
    _type: 'auth0_custom_domain',
    _class: ['Domain'],
  },
  EMAIL_PROVIDER: {
    resourceName: 'Auth0 Email Provider',
    _type: 'auth0_email_provider',
    _class: ['Service'],
  },
  // The account-level answers (legacy code still on, log streams active or not), one per tenant.
  EXTENSIBILITY_SUMMARY: {
    resourceName: 'Auth0 Extensibility and Log Streaming Summary',
    _type: 'auth0_extensibility_summary',
    _class: ['Configuration'],
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
  | 'ACCOUNT_HAS_SIGNING_KEY'
  | 'ACCOUNT_HAS_ACTION'
  | 'ACTION_TRIGGER_TRIGGERS_ACTION'
  | 'ACTION_USES_NPM_PACKAGE'
  | 'ACCOUNT_HAS_RULE'
  | 'ACCOUNT_HAS_HOOK'
  | 'ACCOUNT_HAS_LOG_STREAM'
  | 'ACCOUNT_HAS_CUSTOM_DOMAIN'
  | 'ACCOUNT_USES_EMAIL_PROVIDER'
  | 'ACCOUNT_HAS_EXTENSIBILITY_SUMMARY',
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
  ACCOUNT_HAS_ACTION: {
    _type: 'auth0_account_has_action',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.ACTION._type,
  },
  /** a binding: the trigger runs the action, `order` 1 first */
  ACTION_TRIGGER_TRIGGERS_ACTION: {
    _type: 'auth0_action_trigger_triggers_action',
    sourceType: Entities.ACTION_TRIGGER._type,
    _class: RelationshipClass.TRIGGERS,
    targetType: Entities.ACTION._type,
  },
  /** the deployed version of the action depends on the package */
  ACTION_USES_NPM_PACKAGE: {
    _type: 'auth0_action_uses_npm_package',
    sourceType: Entities.ACTION._type,
    _class: RelationshipClass.USES,
    targetType: Entities.NPM_PACKAGE._type,
  },
  ACCOUNT_HAS_RULE: {
    _type: 'auth0_account_has_rule',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.RULE._type,
  },
  ACCOUNT_HAS_HOOK: {
    _type: 'auth0_account_has_hook',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.HOOK._type,
  },
  ACCOUNT_HAS_LOG_STREAM: {
    _type: 'auth0_account_has_log_stream',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.LOG_STREAM._type,
  },
  ACCOUNT_HAS_CUSTOM_DOMAIN: {
    _type: 'auth0_account_has_custom_domain',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.CUSTOM_DOMAIN._type,
  },
  ACCOUNT_USES_EMAIL_PROVIDER: {
    _type: 'auth0_account_uses_email_provider',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.USES,
    targetType: Entities.EMAIL_PROVIDER._type,
  },
  ACCOUNT_HAS_EXTENSIBILITY_SUMMARY: {
    _type: 'auth0_account_has_extensibility_summary',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.EXTENSIBILITY_SUMMARY._type,
  },
};

/** Where the account entity is kept for the steps that link to it. */
export const ACCOUNT_ENTITY_KEY = 'ACCOUNT_ENTITY';
