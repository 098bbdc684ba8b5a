import { executeRecordedStep, stopRecordings } from '../../../test/recording';
import {
  EMPTY_EXTENSIBILITY_TENANT,
  EXTENSIBILITY_TENANT,
} from '../../../test/extensibility/tenants';
import { Entities, Relationships, Steps } from '../constants';

describe('build-extensibility-summary', () => {
  afterEach(stopRecordings);

  const summaryOf = (entities: Array<{ _type: string }>) =>
    entities.filter((e) => e._type === Entities.EXTENSIBILITY_SUMMARY._type);

  test('an old tenant: legacy code still enabled, one stream paused and one suspended', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-extensibility-summary',
      step: Steps.EXTENSIBILITY_SUMMARY,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    expect(summaryOf(result.collectedEntities)).toEqual([
      expect.objectContaining({
        _class: ['Configuration'],
        rulesAvailable: true,
        ruleCount: 3,
        enabledRuleCount: 2,
        hooksAvailable: true,
        hookCount: 2,
        enabledHookCount: 1,
        legacyExtensibilityInUse: true,
        logStreamCount: 8,
        activeLogStreamCount: 6,
        pausedLogStreamCount: 1,
        suspendedLogStreamCount: 1,
        hasActiveLogStream: true,
        hasPausedOrSuspendedLogStream: true,
      }),
    ]);
    expect(
      result.collectedRelationships.filter(
        (r) =>
          r._type === Relationships.ACCOUNT_HAS_EXTENSIBILITY_SUMMARY._type,
      ),
    ).toHaveLength(1);
  });

  test('a new tenant: Rules and Hooks refused (none), and no log stream at all', async () => {
    const { result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-extensibility-summary-empty',
      step: Steps.EXTENSIBILITY_SUMMARY,
      tenant: EMPTY_EXTENSIBILITY_TENANT,
    });
    expect(summaryOf(result.collectedEntities)).toEqual([
      expect.objectContaining({
        rulesAvailable: false,
        hooksAvailable: false,
        legacyExtensibilityInUse: false,
        logStreamCount: 0,
        hasActiveLogStream: false,
        hasPausedOrSuspendedLogStream: false,
      }),
    ]);
  });
});
