import {
  executeRecordedStep,
  RECORDING_CANARY,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, postureTruth } from '../../../test/simulator';
import { Steps } from '../constants';

describe('fetch-account', () => {
  afterEach(stopRecordings);

  test('emits one account keyed by the instance, with the tenant posture', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-account',
      step: Steps.ACCOUNT,
    });
    const truth = postureTruth(generateTenant(RECORDING_TENANT))!;
    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toHaveLength(1);
    const [account] = result.collectedEntities;
    expect(account).toMatchObject({
      _type: 'auth0_account',
      _class: ['Account'],
      name: 'demo-tenant.us.auth0.com',
      tenant: 'demo-tenant',
      region: 'us',
      webLink: 'https://manage.auth0.com/dashboard/us/demo-tenant/',
      ...truth.account,
      bruteForceProtectionShields: ['block', 'user_notification'],
      suspiciousIpThrottlingShields: ['admin_notification', 'block'],
    });
    expect(account._key).toMatch(/^auth0-account:/);
    expect(JSON.stringify(account)).not.toContain(RECORDING_CANARY);
  });
});
