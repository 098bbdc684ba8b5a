import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import { Entities, Relationships, Steps } from '../constants';
import { createResourceServerEntity } from './converter';

export async function fetchResourceServers({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  await client.identity.iterateResourceServers(async (record) => {
    const entity = await jobState.addEntity(
      createResourceServerEntity(record, dashboardUrl, client.audience),
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

// Not switchable: role permissions and client grants both point at APIs.
export const resourceServerSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.RESOURCE_SERVERS,
    name: 'Fetch APIs (Resource Servers)',
    entities: [Entities.SERVER],
    relationships: [Relationships.ACCOUNT_HAS_SERVER],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchResourceServers,
  },
];
