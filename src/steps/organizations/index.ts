import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { MemberRoleRecord } from '../../api/records';
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
import {
  createOrganizationEntity,
  createOrganizationMemberRelationship,
} from './converter';

type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

export async function fetchOrganizations({
  executionConfig,
  instance,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  await client.identity.iterateOrganizations(async (record) => {
    await addAccountEntity(
      jobState,
      account,
      createOrganizationEntity(record, dashboardUrl),
    );
  });
}

/** One organization member as spooled: organization key, user key and, when read, the member's organization roles. */
interface SpooledMember {
  o: string;
  u: string;
  r?: MemberRoleRecord[];
}

/**
 * Reads every organization's members, several organizations at once, beside
 * the users step (it needs only the organizations), into a spool file the
 * linking step reads once the users are stored.
 */
export async function fetchOrganizationMembers({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<string> {
  const client = getAPIClient({ executionConfig, logger });
  const spool = await Spool.create<SpooledMember>('organization-members');
  // Set first: the linking step then reads this spool even if a list fails half-way.
  await jobState.setData(DataKeys.ORGANIZATION_MEMBERS_SPOOL, spool.file);
  try {
    const organizations = await entitiesByKey(
      jobState,
      Entities.ORGANIZATION._type,
    );
    await mapConcurrently(organizations.values(), (organization) =>
      client.identity.iterateOrganizationMembers(organization._key, (member) =>
        spool.write({
          o: organization._key,
          u: member.user_id,
          r: member.roles,
        }),
      ),
    );
  } finally {
    await spool.close();
  }
  logger.info(
    { members: spool.count },
    `Read ${spool.count} organization members`,
  );
  return spool.file;
}

/** Links the spooled members to the users the users step stored. */
export async function buildOrganizationMembers(
  context: StepContext,
): Promise<void> {
  const { jobState, logger } = context;
  const file = await spoolOrFetch(
    jobState,
    DataKeys.ORGANIZATION_MEMBERS_SPOOL,
    () => fetchOrganizationMembers(context),
  );
  const organizations = await entitiesByKey(
    jobState,
    Entities.ORGANIZATION._type,
  );
  let members = 0;
  let notInGraph = 0;
  const batch = new RelationshipBatch(jobState);
  try {
    await readSpool<SpooledMember>(file, async (member) => {
      const organization = organizations.get(member.o);
      // Member lists are eventually consistent: a deleted user can still be listed.
      if (!organization || !(await jobState.hasKey(member.u))) {
        notInGraph += 1;
        return;
      }
      const added = await batch.add(
        createOrganizationMemberRelationship(organization, member.u, member.r),
      );
      if (added) members += 1;
    });
    await batch.flush();
  } finally {
    await removeSpool(file);
    await jobState.deleteData(DataKeys.ORGANIZATION_MEMBERS_SPOOL);
  }
  logger.info(
    { members, notInGraph },
    `Linked ${members} organization members${
      notInGraph ? `; skipped ${notInGraph} that are not collected users` : ''
    }`,
  );
}

export const organizationSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ORGANIZATIONS,
    name: 'Fetch Organizations',
    entities: [Entities.ORGANIZATION],
    relationships: [Relationships.ACCOUNT_HAS_ORGANIZATION],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.ORGANIZATIONS,
    executionHandler: fetchOrganizations,
  },
  {
    id: Steps.ORGANIZATION_MEMBER_LISTS,
    name: 'Fetch Organization Members',
    entities: [],
    relationships: [],
    dependsOn: [Steps.ORGANIZATIONS],
    ingestionSourceId: IngestionSources.ORGANIZATIONS,
    executionHandler: async (context) => {
      await fetchOrganizationMembers(context);
    },
  },
  {
    id: Steps.ORGANIZATION_MEMBERS,
    name: 'Build Organization Members',
    entities: [],
    relationships: [Relationships.ORGANIZATION_HAS_USER],
    dependsOn: [
      Steps.ORGANIZATIONS,
      Steps.ORGANIZATION_MEMBER_LISTS,
      Steps.USERS,
    ],
    ingestionSourceId: IngestionSources.ORGANIZATIONS,
    executionHandler: buildOrganizationMembers,
  },
];
