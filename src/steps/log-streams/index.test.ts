import {
  executeRecordedStep,
  RECORDING_CANARY,
  stopRecordings,
} from '../../../test/recording';
import { EXTENSIBILITY_TENANT } from '../../../test/extensibility/tenants';
import { extensibilityTruth, generateTenant } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getLogStreamKey } from './converter';

const x = generateTenant(EXTENSIBILITY_TENANT).extensibility!;
const truth = extensibilityTruth(x);

describe('fetch-log-streams', () => {
  afterEach(stopRecordings);

  test('collects every stream with its status, filters and destination identity, never a sink credential', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-log-streams',
      step: Steps.LOG_STREAMS,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toHaveLength(truth.logStreams);
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_LOG_STREAM._type,
      ),
    ).toHaveLength(truth.logStreams);
    const stream = (name: string) =>
      result.collectedEntities.find(
        (e) =>
          e._key ===
          getLogStreamKey(x.logStreams.find((s) => s.name === name)!.id),
      );
    expect(stream('SIEM webhook')).toMatchObject({
      _type: Entities.LOG_STREAM._type,
      _class: ['Logs'],
      type: 'http',
      status: 'active',
      active: true,
      priority: true,
      filterCategories: ['auth.login.fail', 'auth.token_exchange.fail'],
      streamsAllCategories: false,
      destinationHost: 'logs.acme-siem.example.com',
      httpContentFormat: 'JSONLINES',
    });
    expect(stream('Datadog')).toMatchObject({
      status: 'paused',
      paused: true,
      active: false,
      datadogRegion: 'eu',
      region: 'eu',
      streamsAllCategories: true,
    });
    expect(stream('Sumo Logic')).toMatchObject({ suspended: true });
    expect(stream('Splunk HEC')).toMatchObject({
      splunkDomain: 'splunk.acme.example.com',
      splunkPort: '8088',
      splunkSecure: true,
      destinationHost: 'splunk.acme.example.com',
    });
    expect(stream('EventBridge')).toMatchObject({
      awsAccountId: '123456789012',
      awsRegion: 'us-east-1',
      piiLogFields: ['first_name', 'last_name', 'email'],
      piiMethod: 'hash',
    });
    expect(stream('Event Grid')).toMatchObject({
      azureSubscriptionId: 'b2c1e7d4-1111-4a2b-9c3d-0e5f6a7b8c9d',
      azureRegion: 'westeurope',
    });
    expect(stream('Mixpanel')).toMatchObject({ mixpanelRegion: 'us' });
    expect(result.collectedData['extensibility-log-streams-summary']).toEqual({
      total: 8,
      active: truth.activeLogStreams,
      paused: 1,
      suspended: 1,
    });
    const output = JSON.stringify(result.collectedEntities);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(
      /httpAuthorization|ApiKey|Token|WriteKey|sumoSourceAddress|Password|token=|Bearer/,
    );
  });
});
