import {
  createDirectRelationship,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { ClientGrantRecord } from '../../api/records';
import { Entities } from '../constants';
import { strings } from '../values';

/** Scopes that change data in the API they are granted on. */
export function isWriteScope(scope: string): boolean {
  return /^(create|update|delete):/.test(scope);
}

/**
 * A client grant as `auth0_client` USES `auth0_server`, carrying the granted
 * scopes. `hasWriteScopes` and `managementApi` answer the auditor's first
 * question (which applications may change the tenant) in one query. A grant
 * with `allow_all_scopes` holds every scope the API defines. Relationship
 * properties must be primitives (JupiterOne's persister rejects arrays), so
 * scope lists are space-separated strings, the form of an OAuth `scope`.
 */
export function createClientGrantRelationship(
  grant: ClientGrantRecord,
  clientKey: string,
  server: Entity,
): Relationship {
  const allowAllScopes = grant.allow_all_scopes === true;
  const scopes = [
    ...new Set(
      (allowAllScopes ? strings(server.scopes) : strings(grant.scope)) ?? [],
    ),
  ].sort();
  const writeScopes = scopes.filter(isWriteScope);
  const subjectType =
    typeof grant.subject_type === 'string' ? grant.subject_type : undefined;
  const properties: Record<string, string | number | boolean | undefined> = {
    grantId: grant.id,
    audience:
      typeof server.identifier === 'string' ? server.identifier : undefined,
    // An empty list is left out rather than stored as ''.
    scopes: scopes.join(' ') || undefined,
    scopeCount: scopes.length,
    writeScopes: writeScopes.join(' ') || undefined,
    hasWriteScopes: writeScopes.length > 0,
    managementApi: server.managementApi === true,
    allowAllScopes,
    subjectType,
    organizationUsage:
      typeof grant.organization_usage === 'string'
        ? grant.organization_usage
        : undefined,
    allowAnyOrganization:
      typeof grant.allow_any_organization === 'boolean'
        ? grant.allow_any_organization
        : undefined,
  };
  // A client can hold a client grant and a user-access grant for one API.
  if (subjectType === 'user') {
    properties._key = `${clientKey}|uses|${server._key}|user`;
  }
  return createDirectRelationship({
    _class: RelationshipClass.USES,
    fromType: Entities.CLIENT._type,
    fromKey: clientKey,
    toType: server._type,
    toKey: server._key,
    properties,
  });
}
