import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { ConnectionRecord } from '../../api/postureRecords';
import { Entities } from '../constants';
import { bool, num, str, strings } from '../values';

export type ConnectionKind =
  'database' | 'social' | 'enterprise' | 'passwordless';

const DATABASE_STRATEGIES = new Set(['auth0']);
const PASSWORDLESS_STRATEGIES = new Set(['sms', 'email']);
/** Auth0's enterprise strategies; every other strategy is a social provider. */
const ENTERPRISE_STRATEGIES = new Set([
  'ad',
  'adfs',
  'auth0-adldap',
  'auth0-oidc',
  'custom',
  'google-apps',
  'ip',
  'office365',
  'oidc',
  'okta',
  'pingfederate',
  'samlp',
  'sharepoint',
  'waad',
]);

export function getConnectionKind(
  strategy: string | undefined,
): ConnectionKind | undefined {
  if (!strategy) return undefined;
  if (DATABASE_STRATEGIES.has(strategy)) return 'database';
  if (PASSWORDLESS_STRATEGIES.has(strategy)) return 'passwordless';
  if (ENTERPRISE_STRATEGIES.has(strategy)) return 'enterprise';
  return 'social';
}

/** The dashboard page of the connection, which depends on its kind. */
export function getConnectionWebLink(
  dashboardUrl: string,
  connection: Pick<ConnectionRecord, 'id' | 'strategy'>,
): string {
  const id = encodeURIComponent(connection.id);
  switch (getConnectionKind(connection.strategy)) {
    case 'database':
      return `${dashboardUrl}connections/database/${id}/settings`;
    case 'passwordless':
      return `${dashboardUrl}connections/passwordless`;
    case 'enterprise':
      return `${dashboardUrl}connections/enterprise/${encodeURIComponent(
        connection.strategy ?? '',
      )}/${id}/settings`;
    default:
      return `${dashboardUrl}connections/social/${id}/settings`;
  }
}

/**
 * A connection as a `Directory` entity, with its password policy, brute-force
 * and MFA settings flattened into properties. The record is already reduced
 * to the allow-listed fields and options (see `api/postureRecords.ts`), so no
 * client secret, private key, token or custom-database configuration reaches
 * the entity or its `_rawData`. `enabledClientCount` comes from
 * `/connections/{id}/clients`.
 */
export function createConnectionEntity(
  connection: ConnectionRecord,
  dashboardUrl: string,
  enabledClientCount: number,
): Entity {
  const options = connection.options ?? {};
  const strategy = str(connection.strategy);
  const kind = getConnectionKind(strategy);
  const name = str(connection.name) ?? connection.id;
  return createIntegrationEntity({
    entityData: {
      // Every property is assigned below; the record is kept as raw data.
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: connection }],
        _key: connection.id,
        _type: Entities.CONNECTION._type,
        _class: Entities.CONNECTION._class,
        id: connection.id,
        name,
        displayName: str(connection.display_name) ?? name,
        strategy,
        // Directory's own `type` property.
        type: strategy,
        kind,
        database: kind === 'database',
        social: kind === 'social',
        enterprise: kind === 'enterprise',
        passwordless: kind === 'passwordless',
        realms: strings(connection.realms),
        isDomainConnection: bool(connection.is_domain_connection),
        showAsButton: bool(connection.show_as_button),
        passwordPolicy: str(options.passwordPolicy),
        passwordMinLength: num(options.password_complexity_options?.min_length),
        passwordHistoryEnabled: bool(options.password_history?.enable),
        passwordHistorySize: num(options.password_history?.size),
        passwordNoPersonalInfo: bool(options.password_no_personal_info?.enable),
        passwordDictionaryEnabled: bool(options.password_dictionary?.enable),
        bruteForceProtection: bool(options.brute_force_protection),
        mfaActive: bool(options.mfa?.active),
        mfaReturnEnrollSettings: bool(options.mfa?.return_enroll_settings),
        disableSignup: bool(options.disable_signup),
        requiresUsername: bool(options.requires_username),
        importMode: bool(options.import_mode),
        customDatabase: bool(options.enabledDatabaseCustomization),
        domainAliases: strings(options.domain_aliases),
        signSamlRequest: bool(options.signSAMLRequest),
        signatureAlgorithm: str(options.signatureAlgorithm),
        digestAlgorithm: str(options.digestAlgorithm),
        enabledClientCount,
        webLink: getConnectionWebLink(dashboardUrl, connection),
      },
    },
  });
}

/** `auth0_client` USES `auth0_connection`: the connection is enabled for the application. */
export function createClientConnectionRelationship(
  clientKey: string,
  connection: Entity,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.USES,
    fromType: Entities.CLIENT._type,
    fromKey: clientKey,
    toType: connection._type,
    toKey: connection._key,
  });
}

/** `auth0_connection` HAS `auth0_user`: the user has an identity in the connection. */
export function createConnectionUserRelationship(
  connectionKey: string,
  userKey: string,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromType: Entities.CONNECTION._type,
    fromKey: connectionKey,
    toType: Entities.USER._type,
    toKey: userKey,
  });
}
