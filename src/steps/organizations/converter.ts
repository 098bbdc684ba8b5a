import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { MemberRoleRecord, OrganizationRecord } from '../../api/records';
import { Entities } from '../constants';
import { str } from '../values';

export function getOrganizationWebLink(
  dashboardUrl: string,
  organizationId: string,
): string {
  return `${dashboardUrl}organizations/${encodeURIComponent(
    organizationId,
  )}/overview`;
}

/** An Auth0 organization; its free-form `metadata` is not kept (see `api/records.ts`). */
export function createOrganizationEntity(
  organization: OrganizationRecord,
  dashboardUrl: string,
): Entity {
  const name = str(organization.name) ?? organization.id;
  return createIntegrationEntity({
    entityData: {
      source: organization,
      assign: {
        _key: organization.id,
        _type: Entities.ORGANIZATION._type,
        _class: Entities.ORGANIZATION._class,
        id: organization.id,
        name,
        displayName: str(organization.display_name) ?? name,
        webLink: getOrganizationWebLink(dashboardUrl, organization.id),
      },
    },
  });
}

/**
 * Organization membership; the user is referenced by key (its `user_id`).
 * `roles` (names, comma-separated: relationship properties cannot be arrays)
 * and `roleIds` are set when the member's roles were read, and left out when
 * they could not be (no `read:organization_member_roles`).
 */
export function createOrganizationMemberRelationship(
  organization: Entity,
  userKey: string,
  roles: readonly MemberRoleRecord[] | undefined,
): Relationship {
  const known = (roles ?? []).filter((role) => str(role.id) ?? str(role.name));
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromType: organization._type,
    fromKey: organization._key,
    toType: Entities.USER._type,
    toKey: userKey,
    properties: roles
      ? {
          // roleCount 0: read, none held; no properties: not read.
          roles:
            known.map((role) => str(role.name) ?? String(role.id)).join(', ') ||
            undefined,
          roleIds:
            known
              .map((role) => str(role.id))
              .filter((id): id is string => id !== undefined)
              .join(',') || undefined,
          roleCount: known.length,
        }
      : undefined,
  });
}
