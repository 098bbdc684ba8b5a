import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import {
  Entities,
  ExtensibilityDataKeys,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { createLogStreamEntity, summarizeLogStreams } from './converter';

export async function fetchLogStreams({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  const streams = await client.listLogStreams();
  for (const stream of streams) {
    await addAccountEntity(
      jobState,
      account,
      createLogStreamEntity(stream, dashboardUrl),
    );
  }
  await jobState.setData(
    ExtensibilityDataKeys.LOG_STREAMS,
    summarizeLogStreams(streams),
  );
}

export const logStreamSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.LOG_STREAMS,
    name: 'Fetch Log Streams',
    entities: [Entities.LOG_STREAM],
    relationships: [Relationships.ACCOUNT_HAS_LOG_STREAM],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.LOG_STREAMS,
    executionHandler: fetchLogStreams,
  },
];
