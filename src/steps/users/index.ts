import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getOrCreateAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import { Entities, Relationships, Steps } from '../constants';
import { createUserEntity } from './converter';

export async function fetchUsers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateAPIClient(config, logger);
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  // Stored in batches: one SDK call per batch instead of two per user.
  let batch: Entity[] = [];
  const flush = async () => {
    const entities = batch;
    batch = [];
    await jobState.addEntities(entities);
    await jobState.addRelationships(
      entities.map((entity) =>
        createDirectRelationship({
          _class: RelationshipClass.HAS,
          from: account,
          to: entity,
        }),
      ),
    );
  };
  await client.iterateUsers(async (record) => {
    batch.push(createUserEntity(record, dashboardUrl));
    if (batch.length >= BATCH_SIZE) await flush();
  });
  await flush();
}

const BATCH_SIZE = 250;

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch Users',
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchUsers,
  },
];
