import {
  executeRecordedStep,
  RECORDING_CANARY,
  stopRecordings,
} from '../../../test/recording';
import {
  EMPTY_EXTENSIBILITY_TENANT,
  EXTENSIBILITY_TENANT,
} from '../../../test/extensibility/tenants';
import { Entities, Relationships, Steps } from '../constants';

describe('fetch-email-provider', () => {
  afterEach(stopRecordings);

  test('collects the provider, whether it is enabled and its from address, never credentials', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-email-provider',
      step: Steps.EMAIL_PROVIDER,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toEqual([
      expect.objectContaining({
        _type: Entities.EMAIL_PROVIDER._type,
        _class: ['Service'],
        provider: 'sendgrid',
        enabled: true,
        defaultFromAddress: 'no-reply@acme.com',
      }),
    ]);
    expect(result.collectedRelationships).toEqual([
      expect.objectContaining({
        _type: Relationships.ACCOUNT_USES_EMAIL_PROVIDER._type,
      }),
    ]);
    const output = JSON.stringify(result.collectedEntities);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/credentials|api_key/);
  });

  test('none set up (404): no entity, and the step succeeds', async () => {
    const { result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-email-provider-none',
      step: Steps.EMAIL_PROVIDER,
      tenant: EMPTY_EXTENSIBILITY_TENANT,
    });
    expect(
      result.collectedEntities.filter(
        (e) => e._type === Entities.EMAIL_PROVIDER._type,
      ),
    ).toEqual([]);
  });
});
