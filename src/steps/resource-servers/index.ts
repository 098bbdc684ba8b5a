import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
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
    await addAccountEntity(
      jobState,
      account,
      createResourceServerEntity(record, dashboardUrl, client.audience),
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
