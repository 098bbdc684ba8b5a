import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
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
    const entity = await jobState.addEntity(
      createOrganizationEntity(record, dashboardUrl),
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

export async function buildOrganizationMembers({
  executionConfig,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const client = getAPIClient({ executionConfig, logger });
  let members = 0;
  let notInGraph = 0;
  await jobState.iterateEntities(
    { _type: Entities.ORGANIZATION._type },
    async (organization) => {
      await client.identity.iterateOrganizationMembers(
        organization._key,
        async (member) => {
          // Member lists are eventually consistent: a deleted user can still be listed.
          if (!(await jobState.hasKey(member.user_id))) {
            notInGraph += 1;
            return;
          }
          await jobState.addRelationship(
            createOrganizationMemberRelationship(
              organization,
              member.user_id,
              member.roles,
            ),
          );
          members += 1;
        },
      );
    },
  );
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
    id: Steps.ORGANIZATION_MEMBERS,
    name: 'Build Organization Members',
    entities: [],
    relationships: [Relationships.ORGANIZATION_HAS_USER],
    dependsOn: [Steps.ORGANIZATIONS, Steps.USERS],
    ingestionSourceId: IngestionSources.ORGANIZATIONS,
    executionHandler: buildOrganizationMembers,
  },
];
