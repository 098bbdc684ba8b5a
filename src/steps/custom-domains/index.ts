import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { createCustomDomainEntity } from './converter';

export async function fetchCustomDomains({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  const { available, domains } = await client.listCustomDomains();
  if (!available) {
    logger.info(
      'The tenant’s plan has no custom domains (Auth0 answered 403): none collected',
    );
  }
  for (const domain of domains) {
    await addAccountEntity(
      jobState,
      account,
      createCustomDomainEntity(domain, dashboardUrl),
    );
  }
}

export const customDomainSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.CUSTOM_DOMAINS,
    name: 'Fetch Custom Domains',
    entities: [Entities.CUSTOM_DOMAIN],
    relationships: [Relationships.ACCOUNT_HAS_CUSTOM_DOMAIN],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.CUSTOM_DOMAINS,
    executionHandler: fetchCustomDomains,
  },
];
