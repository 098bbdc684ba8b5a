import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { createEmailProviderEntity } from './converter';

/** The tenant's email provider, when one is set up (Auth0 answers 404 otherwise). */
export async function fetchEmailProvider({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account } = await getAccountContext(jobState, config);
  const provider = await client.getEmailProvider();
  if (!provider) {
    logger.info('No email provider is set up: Auth0 sends mail itself');
    return;
  }
  await addAccountEntity(
    jobState,
    account,
    createEmailProviderEntity(provider, account._key),
    RelationshipClass.USES,
  );
}

export const emailProviderSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.EMAIL_PROVIDER,
    name: 'Fetch Email Provider',
    entities: [Entities.EMAIL_PROVIDER],
    relationships: [Relationships.ACCOUNT_USES_EMAIL_PROVIDER],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.EMAIL_PROVIDER,
    executionHandler: fetchEmailProvider,
  },
];
