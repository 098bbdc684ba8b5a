import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getOrCreateAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getDashboardUrl, parseTenant } from '../account/converter';
import {
  ACCOUNT_ENTITY_KEY,
  Entities,
  Relationships,
  Steps,
} from '../constants';
import { createUserEntity } from './converter';

export async function fetchUsers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateAPIClient(config, logger);
  const account = (await jobState.getData<Entity>(
    ACCOUNT_ENTITY_KEY,
  )) as Entity;
  const dashboardUrl = getDashboardUrl(
    parseTenant(config.domain, config.audience),
  );

  await client.iterateUsers(async (record) => {
    const entity = await jobState.addEntity(
      createUserEntity(record, dashboardUrl),
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
