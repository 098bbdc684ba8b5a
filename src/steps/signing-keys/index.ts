import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { createSigningKeyEntity } from './converter';

export async function fetchSigningKeys({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  const seen = new Set<string>();
  for (const key of await client.posture.listSigningKeys()) {
    if (seen.has(key.kid)) continue;
    seen.add(key.kid);
    await addAccountEntity(
      jobState,
      account,
      createSigningKeyEntity(key, dashboardUrl),
    );
  }
}

export const signingKeySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.SIGNING_KEYS,
    name: 'Fetch Signing Keys',
    entities: [Entities.SIGNING_KEY],
    relationships: [Relationships.ACCOUNT_HAS_SIGNING_KEY],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.SIGNING_KEYS,
    executionHandler: fetchSigningKeys,
  },
];
