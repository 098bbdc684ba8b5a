import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { RolePermissionRecord } from '../../api/records';
import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { getResourceServerKey } from '../resource-servers/converter';
import {
  createRoleEntity,
  createRolePermissionRelationship,
  createUserRoleRelationship,
  groupPermissionsByServer,
} from './converter';

type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

export async function fetchRoles({
  executionConfig,
  instance,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  await client.identity.iterateRoles(async (record) => {
    const entity = await jobState.addEntity(
      createRoleEntity(record, dashboardUrl),
    );
    await jobState.addRelationship(
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        from: account,
        to: entity,
      }),
    );
  });
}

/** Every direct member of every role, read by checkpoint so no page boundary loses one. */
export async function buildUserRoleRelationships({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const client = getAPIClient({ executionConfig, logger });
  let assigned = 0;
  let notInGraph = 0;
  await jobState.iterateEntities(
    { _type: Entities.ROLE._type },
    async (role) => {
      await client.identity.iterateRoleUsers(role._key, async (member) => {
        // A member the users step did not see (e.g. created or deleted since) has no entity to link.
        if (!(await jobState.hasKey(member.user_id))) {
          notInGraph += 1;
          return;
        }
        await jobState.addRelationship(
          createUserRoleRelationship(member.user_id, role),
        );
        assigned += 1;
      });
    },
  );
  logger.info(
    { assigned, notInGraph },
    `Linked ${assigned} role assignments${
      notInGraph
        ? `; skipped ${notInGraph} members that are not collected users`
        : ''
    }`,
  );
}

export async function buildRolePermissionRelationships({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const client = getAPIClient({ executionConfig, logger });
  let linked = 0;
  let unknownServers = 0;
  await jobState.iterateEntities(
    { _type: Entities.ROLE._type },
    async (role) => {
      const permissions: RolePermissionRecord[] = [];
      await client.identity.iterateRolePermissions(
        role._key,
        async (permission) => {
          permissions.push(permission);
        },
      );
      for (const [identifier, names] of groupPermissionsByServer(permissions)) {
        const server = await jobState.findEntity(
          getResourceServerKey(identifier),
        );
        if (!server) {
          unknownServers += 1;
          continue;
        }
        await jobState.addRelationship(
          createRolePermissionRelationship(role, server, names),
        );
        linked += 1;
      }
    },
  );
  logger.info(
    { linked, unknownServers },
    `Linked roles to ${linked} APIs by permission${
      unknownServers
        ? `; ${unknownServers} role-API pairs name an API that was not collected`
        : ''
    }`,
  );
}

export const roleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ROLES,
    name: 'Fetch Roles',
    entities: [Entities.ROLE],
    relationships: [Relationships.ACCOUNT_HAS_ROLE],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.ROLES,
    executionHandler: fetchRoles,
  },
  {
    id: Steps.USER_ROLES,
    name: 'Build User Role Relationships',
    entities: [],
    relationships: [Relationships.USER_ASSIGNED_ROLE],
    dependsOn: [Steps.ROLES, Steps.USERS],
    ingestionSourceId: IngestionSources.ROLES,
    executionHandler: buildUserRoleRelationships,
  },
  {
    id: Steps.ROLE_PERMISSIONS,
    name: 'Build Role Permission Relationships',
    entities: [],
    relationships: [Relationships.ROLE_PROTECTS_SERVER],
    dependsOn: [Steps.ROLES, Steps.RESOURCE_SERVERS],
    ingestionSourceId: IngestionSources.ROLES,
    executionHandler: buildRolePermissionRelationships,
  },
];
