import {
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import {
  ActionBindingRecord,
  ActionTriggerRecord,
} from '../../api/extensibilityRecords';
import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import {
  ActionBindingPlace,
  createActionEntity,
  createActionPackageRelationship,
  createActionTriggerEntity,
  createBindingRelationship,
  createNpmPackageEntity,
  deployedDependencies,
  getNpmPackageKey,
} from './converter';

/**
 * Actions, the triggers that run them (bindings, in execution order) and the
 * npm packages their deployed versions depend on. Bindings are read first,
 * so that each action entity says where it runs.
 */
export async function fetchActions({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger }).extensibility;
  const { account, dashboardUrl } = await getAccountContext(jobState, config);

  const bound: Array<{
    trigger: ActionTriggerRecord;
    bindings: ActionBindingRecord[];
  }> = [];
  const places = new Map<string, ActionBindingPlace[]>();
  for (const trigger of await client.listActionTriggers()) {
    const bindings = await client.listTriggerBindings(trigger.id);
    if (!bindings || bindings.length === 0) continue;
    bound.push({ trigger, bindings });
    bindings.forEach((binding, index) => {
      const actionId = binding.action?.id;
      if (!actionId) return;
      const list = places.get(actionId) ?? [];
      list.push({ triggerId: trigger.id, order: index + 1 });
      places.set(actionId, list);
    });
  }

  // Actions and packages are few (hundreds at most): kept for the links.
  const actionEntities = new Map<string, Entity>();
  const packages = new Map<string, Entity>();
  await client.iterateActions(async (action) => {
    const entity = await addAccountEntity(
      jobState,
      account,
      createActionEntity(action, dashboardUrl, places.get(action.id) ?? []),
    );
    actionEntities.set(action.id, entity);
    for (const dependency of deployedDependencies(action)) {
      const key = getNpmPackageKey(dependency);
      let npmPackage = packages.get(key);
      if (!npmPackage) {
        npmPackage = await jobState.addEntity(
          createNpmPackageEntity(dependency),
        );
        packages.set(key, npmPackage);
      }
      await jobState.addRelationship(
        createActionPackageRelationship(entity, npmPackage),
      );
    }
  });

  let unknownActions = 0;
  for (const { trigger, bindings } of bound) {
    const triggerEntity = await jobState.addEntity(
      createActionTriggerEntity(trigger, bindings, dashboardUrl),
    );
    for (const [index, binding] of bindings.entries()) {
      const action = binding.action?.id
        ? actionEntities.get(binding.action.id)
        : undefined;
      // Bound to an action the list did not return (deleted meanwhile).
      if (!action) {
        unknownActions++;
        continue;
      }
      await jobState.addRelationship(
        createBindingRelationship(triggerEntity, action, binding, index + 1),
      );
    }
  }
  logger.info(
    {
      actions: actionEntities.size,
      triggers: bound.length,
      packages: packages.size,
      unknownActions,
    },
    `Collected ${actionEntities.size} actions, ${bound.length} triggers with bindings and ${packages.size} npm packages`,
  );
}

export const actionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACTIONS,
    name: 'Fetch Actions',
    entities: [Entities.ACTION, Entities.ACTION_TRIGGER, Entities.NPM_PACKAGE],
    relationships: [
      Relationships.ACCOUNT_HAS_ACTION,
      Relationships.ACTION_TRIGGER_TRIGGERS_ACTION,
      Relationships.ACTION_USES_NPM_PACKAGE,
    ],
    dependsOn: [Steps.ACCOUNT],
    ingestionSourceId: IngestionSources.ACTIONS,
    executionHandler: fetchActions,
  },
];
