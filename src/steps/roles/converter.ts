import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { RolePermissionRecord, RoleRecord } from '../../api/records';
import { Entities } from '../constants';
import { str } from '../values';

export function getRoleWebLink(dashboardUrl: string, roleId: string): string {
  return `${dashboardUrl}roles/${encodeURIComponent(roleId)}/settings`;
}

export function createRoleEntity(
  role: RoleRecord,
  dashboardUrl: string,
): Entity {
  const name = str(role.name) ?? role.id;
  return createIntegrationEntity({
    entityData: {
      source: role,
      assign: {
        _key: role.id,
        _type: Entities.ROLE._type,
        _class: Entities.ROLE._class,
        id: role.id,
        name,
        displayName: name,
        description: str(role.description),
        webLink: getRoleWebLink(dashboardUrl, role.id),
      },
    },
  });
}

/** A direct role assignment; the user is referenced by key (its `user_id`). */
export function createUserRoleRelationship(
  userKey: string,
  role: Entity,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.ASSIGNED,
    fromType: Entities.USER._type,
    fromKey: userKey,
    toType: role._type,
    toKey: role._key,
  });
}

/** The role's permission names, grouped by the API (resource server identifier) they belong to. */
export function groupPermissionsByServer(
  permissions: readonly RolePermissionRecord[],
): Map<string, string[]> {
  const byServer = new Map<string, Set<string>>();
  for (const permission of permissions) {
    const server = str(permission.resource_server_identifier);
    const name = str(permission.permission_name);
    if (!server || !name) continue;
    let names = byServer.get(server);
    if (!names) byServer.set(server, (names = new Set()));
    names.add(name);
  }
  return new Map(
    [...byServer].map(([server, names]) => [server, [...names].sort()]),
  );
}

/**
 * One `auth0_role_protects_server` (PROTECTS, the previous integration's type
 * and class, kept so its queries and graph survive) per role and API,
 * carrying every permission the role holds on it. Relationship properties must be primitives (JupiterOne's
 * persister rejects arrays), so the names are one space-separated string, as
 * in an OAuth `scope`: query them with `permissions ~= 'delete:orders'`.
 */
export function createRolePermissionRelationship(
  role: Entity,
  server: Entity,
  permissions: readonly string[],
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.PROTECTS,
    from: role,
    to: server,
    properties: {
      permissions: permissions.join(' '),
      permissionCount: permissions.length,
    },
  });
}
