import {
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { ExtensibilityClient, getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import {
  Entities,
  ExtensibilityDataKeys,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { createHookEntity, createRuleEntity, LegacySummary } from './converter';

type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

/**
 * Stores each record of a legacy list (rules or hooks) with the account's
 * HAS relationship, and leaves its counts for the extensibility summary. A
 * tenant that refuses the list (retired or never enabled) has none.
 */
async function fetchLegacyList<T>(
  { executionConfig, instance, jobState, logger }: StepContext,
  iterate: (
    client: ExtensibilityClient,
    iteratee: (record: T) => Promise<void>,
  ) => Promise<string>,
  createEntity: (record: T, dashboardUrl: string) => Entity,
  dataKey: string,
): Promise<void> {
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(
    jobState,
    instance.config,
  );
  const summary: LegacySummary = { available: true, total: 0, enabled: 0 };
  const availability = await iterate(client, async (record) => {
    const entity = await addAccountEntity(
      jobState,
      account,
      createEntity(record, dashboardUrl),
    );
    summary.total++;
    if (entity.enabled) summary.enabled++;
  });
  summary.available = availability === 'available';
  await jobState.setData(dataKey, summary);
}

/** Legacy rules; a tenant without Rules (refused as retired or not enabled) has none. */
export function fetchRules(context: StepContext): Promise<void> {
  return fetchLegacyList(
    context,
    (client, iteratee) => client.iterateRules(iteratee),
    createRuleEntity,
    ExtensibilityDataKeys.RULES,
  );
}

/** Legacy hooks; a tenant without Hooks (refused as retired or not enabled) has none. */
export function fetchHooks(context: StepContext): Promise<void> {
  return fetchLegacyList(
    context,
    (client, iteratee) => client.iterateHooks(iteratee),
    createHookEntity,
    ExtensibilityDataKeys.HOOKS,
  );
}

export const legacyExtensibilitySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.RULES,
    name: 'Fetch Rules (legacy)',
    entities: [Entities.RULE],
    relationships: [Relationships.ACCOUNT_HAS_RULE],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.LEGACY_EXTENSIBILITY,
    executionHandler: fetchRules,
  },
  {
    id: Steps.HOOKS,
    name: 'Fetch Hooks (legacy)',
    entities: [Entities.HOOK],
    relationships: [Relationships.ACCOUNT_HAS_HOOK],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.LEGACY_EXTENSIBILITY,
    executionHandler: fetchHooks,
  },
];
