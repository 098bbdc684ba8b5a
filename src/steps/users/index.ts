import {
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import {
  DataKeys,
  Entities,
  Relationships,
  Steps,
  UserKeysByConnection,
} from '../constants';
import { createAccountUserRelationship, createUserEntity } from './converter';

export async function fetchUsers({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  // Filled as users are stored, so a step that fails half-way leaves the keys
  // of the users it did store, and only those.
  const keysByConnection: UserKeysByConnection = new Map();
  await jobState.setData(DataKeys.USER_KEYS_BY_CONNECTION, keysByConnection);

  // Stored in batches: one SDK call per batch instead of two per user.
  let batch: Entity[] = [];
  const flush = async () => {
    const entities = batch;
    batch = [];
    await jobState.addEntities(entities);
    for (const entity of entities) {
      const names = Array.isArray(entity.connections) ? entity.connections : [];
      for (const name of names as string[]) {
        const keys = keysByConnection.get(name);
        if (keys) keys.push(entity._key);
        else keysByConnection.set(name, [entity._key]);
      }
    }
    await jobState.addRelationships(
      entities.map((entity) => createAccountUserRelationship(account, entity)),
    );
  };
  await client.users.iterateUsers(async (record) => {
    batch.push(createUserEntity(record, dashboardUrl));
    if (batch.length >= USERS_BATCH_SIZE) await flush();
  });
  await flush();
}

/** Users stored per SDK call (also what `scripts/sdk-floor.ts` measures). */
export const USERS_BATCH_SIZE = 250;

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
