import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import {
  buildStepTestConfigForStep,
  recordedConfig,
} from '../../../test/config';
import { Steps } from '../constants';

test('fetch-account emits one account keyed by the instance', async () => {
  const stepConfig = buildStepTestConfigForStep(Steps.ACCOUNT, recordedConfig);
  const result = await executeStepWithDependencies(stepConfig);
  expect(result).toMatchStepMetadata(stepConfig);
  expect(result.collectedEntities).toHaveLength(1);
  expect(result.collectedEntities[0]).toMatchObject({
    _type: 'auth0_account',
    _class: ['Account'],
    name: 'demo-tenant.us.auth0.com',
    tenant: 'demo-tenant',
    region: 'us',
    webLink: 'https://manage.auth0.com/dashboard/us/demo-tenant/',
  });
  expect(result.collectedEntities[0]._key).toMatch(/^auth0-account:/);
});
