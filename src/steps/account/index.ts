import {
  Entity,
  IntegrationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../types';
import { ACCOUNT_ENTITY_KEY, Entities, Steps } from '../constants';
import { createAccountEntity, getDashboardUrl, parseTenant } from './converter';

export async function fetchAccount({
  instance,
  jobState,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { domain, audience } = instance.config;
  const account = createAccountEntity(
    instance.id,
    parseTenant(domain.trim(), audience.trim()),
  );
  await jobState.addEntity(account);
  await jobState.setData(ACCOUNT_ENTITY_KEY, account);
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT,
    name: 'Fetch Account',
    entities: [Entities.ACCOUNT],
    relationships: [],
    dependsOn: [],
    executionHandler: fetchAccount,
  },
];

/** What every step that hangs entities off the account needs. */
export async function getAccountContext(
  jobState: IntegrationStepExecutionContext<IntegrationConfig>['jobState'],
  config: IntegrationConfig,
): Promise<{ account: Entity; dashboardUrl: string }> {
  const account = await jobState.getData<Entity>(ACCOUNT_ENTITY_KEY);
  if (!account) {
    throw new IntegrationError({
      code: 'ACCOUNT_ENTITY_MISSING',
      message: `The account entity is missing: step ${Steps.ACCOUNT} must run first`,
    });
  }
  const dashboardUrl = getDashboardUrl(
    parseTenant(config.domain.trim(), config.audience.trim()),
  );
  return { account, dashboardUrl };
}
