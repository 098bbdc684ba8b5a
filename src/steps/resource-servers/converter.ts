import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { ResourceServerRecord } from '../../api/records';
import { Entities } from '../constants';
import { bool, num, str } from '../values';

export function getResourceServerWebLink(
  dashboardUrl: string,
  id: string | undefined,
): string {
  return id
    ? `${dashboardUrl}apis/${encodeURIComponent(id)}/settings`
    : `${dashboardUrl}apis`;
}

/**
 * An API's `_key`: its identifier (the audience that client grants and role
 * permissions name), prefixed only when shorter than the 10 characters
 * JupiterOne requires of a key (identifiers such as `urn:api` are allowed).
 */
export function getResourceServerKey(identifier: string): string {
  return identifier.length >= 10 ? identifier : `auth0-api:${identifier}`;
}

/** The scope names an API defines, e.g. `read:orders`. */
export function getScopeValues(server: ResourceServerRecord): string[] {
  return Array.isArray(server.scopes)
    ? server.scopes
        .map((scope) => str(scope.value))
        .filter((value): value is string => value !== undefined)
    : [];
}

/**
 * An Auth0 API (resource server) as an `ApplicationEndpoint`, keyed by its
 * identifier (the audience tokens are issued for, and what client grants and
 * role permissions name). `managementApi` marks the tenant's own Auth0
 * Management API. The record holds no signing secret (see `api/records.ts`).
 * It also keeps the previous integration's `Host` and `Gateway` classes and
 * their properties (`hostname`, `category`, `function`, `public`,
 * `offlineAccess`), with the values that integration gave them, so saved
 * queries on those keep working (see docs/migration.md).
 */
export function createResourceServerEntity(
  server: ResourceServerRecord,
  dashboardUrl: string,
  managementAudience: string,
): Entity {
  const name = str(server.name) ?? server.identifier;
  return createIntegrationEntity({
    entityData: {
      source: server,
      assign: {
        _key: getResourceServerKey(server.identifier),
        _type: Entities.SERVER._type,
        _class: Entities.SERVER._class,
        id: str(server.id),
        name,
        displayName: name,
        identifier: server.identifier,
        address: server.identifier,
        isSystem: server.is_system === true,
        managementApi: server.identifier === managementAudience,
        scopes: getScopeValues(server),
        signingAlg: str(server.signing_alg),
        tokenLifetime: num(server.token_lifetime),
        tokenLifetimeForWeb: num(server.token_lifetime_for_web),
        allowOfflineAccess: bool(server.allow_offline_access),
        skipConsentForVerifiableFirstPartyClients: bool(
          server.skip_consent_for_verifiable_first_party_clients,
        ),
        tokenDialect: str(server.token_dialect),
        rbacEnabled: bool(server.enforce_policies),
        // The previous integration's Host and Gateway properties, as it set them.
        hostname: server.identifier,
        category: ['network'],
        function: ['api-gateway'],
        public: false,
        offlineAccess: bool(server.allow_offline_access),
        webLink: getResourceServerWebLink(dashboardUrl, str(server.id)),
      },
    },
  });
}
