import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { RolePermissionRecord } from '../../api/records';
import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { entitiesByKey, RelationshipBatch } from '../linking';
import { readSpool, removeSpool, Spool, spoolOrFetch } from '../spool';
import { mapConcurrently } from '../taskPool';
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
    await addAccountEntity(
      jobState,
      account,
      createRoleEntity(record, dashboardUrl),
    );
  });
}

/** One role member as spooled: role key and user key. */
interface SpooledRoleMember {
  r: string;
  u: string;
}

/**
 * Reads every role's direct members by checkpoint (no page boundary loses
 * one), several roles at once, beside the users step, into a spool file the
 * linking step reads once the users are stored.
 */
export async function fetchRoleMembers({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<string> {
  const client = getAPIClient({ executionConfig, logger });
  const spool = await Spool.create<SpooledRoleMember>('role-members');
  // Set first: the linking step then reads this spool even if a list fails half-way.
  await jobState.setData(DataKeys.ROLE_MEMBERS_SPOOL, spool.file);
  try {
    const roles = await entitiesByKey(jobState, Entities.ROLE._type);
    await mapConcurrently(roles.values(), (role) =>
      client.identity.iterateRoleUsers(role._key, (member) =>
        spool.write({ r: role._key, u: member.user_id }),
      ),
    );
  } finally {
    await spool.close();
  }
  logger.info({ members: spool.count }, `Read ${spool.count} role members`);
  return spool.file;
}

/** Links the spooled role members to the users the users step stored. */
export async function buildUserRoleRelationships(
  context: StepContext,
): Promise<void> {
  const { jobState, logger } = context;
  const file = await spoolOrFetch(jobState, DataKeys.ROLE_MEMBERS_SPOOL, () =>
    fetchRoleMembers(context),
  );
  const roles = await entitiesByKey(jobState, Entities.ROLE._type);
  let assigned = 0;
  let notInGraph = 0;
  const batch = new RelationshipBatch(jobState);
  try {
    await readSpool<SpooledRoleMember>(file, async (member) => {
      const role = roles.get(member.r);
      // A member the users step did not see (e.g. created or deleted since) has no entity to link.
      if (!role || !(await jobState.hasKey(member.u))) {
        notInGraph += 1;
        return;
      }
      if (await batch.add(createUserRoleRelationship(member.u, role))) {
        assigned += 1;
      }
    });
    await batch.flush();
  } finally {
    await removeSpool(file);
    await jobState.deleteData(DataKeys.ROLE_MEMBERS_SPOOL);
  }
  logger.info(
    { assigned, notInGraph },
    `Linked ${assigned} role assignments${
      notInGraph
        ? `; skipped ${notInGraph} members that are not collected users`
        : ''
    }`,
  );
}

/** Each role's permissions grouped by API, several roles at once. */
export async function buildRolePermissionRelationships({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const client = getAPIClient({ executionConfig, logger });
  let linked = 0;
  let unknownServers = 0;
  const roles = await entitiesByKey(jobState, Entities.ROLE._type);
  await mapConcurrently(roles.values(), async (role) => {
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
  });
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
    id: Steps.ROLE_MEMBER_LISTS,
    name: 'Fetch Role Members',
    entities: [],
    relationships: [],
    dependsOn: [Steps.ROLES],
    ingestionSourceId: IngestionSources.ROLES,
    executionHandler: async (context) => {
      await fetchRoleMembers(context);
    },
  },
  {
    id: Steps.USER_ROLES,
    name: 'Build User Role Relationships',
    entities: [],
    relationships: [Relationships.USER_ASSIGNED_ROLE],
    dependsOn: [Steps.ROLES, Steps.ROLE_MEMBER_LISTS, Steps.USERS],
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
