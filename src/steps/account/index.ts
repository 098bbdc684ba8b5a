import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../types';
import { ACCOUNT_ENTITY_KEY, Entities, Steps } from '../constants';
import { createAccountEntity, parseTenant } from './converter';

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
