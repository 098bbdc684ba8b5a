import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import { Entities, Relationships, Steps } from '../constants';
import { createClientEntity } from './converter';

export async function fetchClients({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  await client.users.iterateClients(async (record) => {
    await addAccountEntity(
      jobState,
      account,
      createClientEntity(record, dashboardUrl),
    );
  });
}

export const clientSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.CLIENTS,
    name: 'Fetch Clients',
    entities: [Entities.CLIENT],
    relationships: [Relationships.ACCOUNT_HAS_CLIENT],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchClients,
  },
];
