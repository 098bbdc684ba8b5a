import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import {
  Entities,
  ExtensibilityDataKeys,
  Relationships,
  Steps,
} from '../constants';
import { LegacySummary } from '../legacy-extensibility/converter';
import { LogStreamSummary } from '../log-streams/converter';
import { createExtensibilitySummaryEntity } from './converter';

/** Made from the counts the rules, hooks and log-stream steps left; no Auth0 call of its own. */
export async function buildExtensibilitySummary({
  instance,
  jobState,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { account } = await getAccountContext(jobState, instance.config);
  await addAccountEntity(
    jobState,
    account,
    createExtensibilitySummaryEntity({
      accountKey: account._key,
      tenant: String(account.name ?? account._key),
      rules: await jobState.getData<LegacySummary>(ExtensibilityDataKeys.RULES),
      hooks: await jobState.getData<LegacySummary>(ExtensibilityDataKeys.HOOKS),
      logStreams: await jobState.getData<LogStreamSummary>(
        ExtensibilityDataKeys.LOG_STREAMS,
      ),
    }),
  );
}

export const extensibilitySummarySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.EXTENSIBILITY_SUMMARY,
    name: 'Build Extensibility and Log Streaming Summary',
    entities: [Entities.EXTENSIBILITY_SUMMARY],
    relationships: [Relationships.ACCOUNT_HAS_EXTENSIBILITY_SUMMARY],
    // Switching legacy extensibility or log streams off switches the summary off too.
    dependsOn: [Steps.ACCOUNT, Steps.RULES, Steps.HOOKS, Steps.LOG_STREAMS],
    executionHandler: buildExtensibilitySummary,
  },
];
