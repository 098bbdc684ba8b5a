import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import {
  Entities,
  ExtensibilityDataKeys,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { createHookEntity, createRuleEntity, LegacySummary } from './converter';

type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

async function linkToAccount(
  jobState: StepContext['jobState'],
  account: Entity,
  entity: Entity,
): Promise<void> {
  await jobState.addRelationship(
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      from: account,
      to: entity,
    }),
  );
}

/** Legacy rules; a tenant without Rules (refused as retired or not enabled) has none. */
export async function fetchRules({
  executionConfig,
  instance,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  const summary: LegacySummary = { available: true, total: 0, enabled: 0 };
  const availability = await client.iterateRules(async (rule) => {
    const entity = await jobState.addEntity(
      createRuleEntity(rule, dashboardUrl),
    );
    await linkToAccount(jobState, account, entity);
    summary.total++;
    if (entity.enabled) summary.enabled++;
  });
  summary.available = availability === 'available';
  await jobState.setData(ExtensibilityDataKeys.RULES, summary);
}

/** Legacy hooks; a tenant without Hooks (refused as retired or not enabled) has none. */
export async function fetchHooks({
  executionConfig,
  instance,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  const summary: LegacySummary = { available: true, total: 0, enabled: 0 };
  const availability = await client.iterateHooks(async (hook) => {
    const entity = await jobState.addEntity(
      createHookEntity(hook, dashboardUrl),
    );
    await linkToAccount(jobState, account, entity);
    summary.total++;
    if (entity.enabled) summary.enabled++;
  });
  summary.available = availability === 'available';
  await jobState.setData(ExtensibilityDataKeys.HOOKS, summary);
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
