import {
  executeRecordedStep,
  RECORDING_CANARY,
  stopRecordings,
} from '../../../test/recording';
import {
  EMPTY_EXTENSIBILITY_TENANT,
  EXTENSIBILITY_TENANT,
} from '../../../test/extensibility/tenants';
import { generateTenant } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getHookKey, getRuleKey } from './converter';

const x = generateTenant(EXTENSIBILITY_TENANT).extensibility!;

describe('legacy extensibility', () => {
  afterEach(stopRecordings);

  test('fetch-rules collects every rule with enabled, order and stage, never its script', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-rules',
      step: Steps.RULES,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    const rules = x.rules!;
    expect(result.collectedEntities).toHaveLength(rules.length);
    for (const rule of rules) {
      expect(
        result.collectedEntities.find((e) => e._key === getRuleKey(rule.id)),
      ).toMatchObject({
        _type: Entities.RULE._type,
        _class: ['Function'],
        name: rule.name,
        enabled: rule.enabled,
        order: rule.order,
        stage: rule.stage,
        legacy: true,
      });
    }
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_RULE._type,
      ),
    ).toHaveLength(rules.length);
    expect(result.collectedData['extensibility-rules-summary']).toEqual({
      available: true,
      total: 3,
      enabled: 2,
    });
    const output = JSON.stringify(result.collectedEntities);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/script|callback\(/);
  });

  test('fetch-hooks collects every hook with its trigger and npm dependencies, never its script or secrets', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-hooks',
      step: Steps.HOOKS,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    const hooks = x.hooks!;
    expect(result.collectedEntities).toHaveLength(hooks.length);
    expect(
      result.collectedEntities.find((e) => e._key === getHookKey(hooks[0].id)),
    ).toMatchObject({
      _type: Entities.HOOK._type,
      name: 'client-credentials-claims',
      enabled: true,
      triggerId: 'credentials-exchange',
      dependencies: ['axios@0.21.1', 'node-fetch@2.6.1'],
      dependencyCount: 2,
    });
    expect(
      result.collectedEntities.find((e) => e._key === getHookKey(hooks[1].id)),
    ).toMatchObject({ enabled: false, dependencies: [] });
    const output = JSON.stringify(result.collectedEntities);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/SLACK_TOKEN|script/);
  });

  test('a tenant that refuses Rules and Hooks as deprecated has none, and the steps succeed', async () => {
    for (const [step, key] of [
      [Steps.RULES, 'extensibility-rules-summary'],
      [Steps.HOOKS, 'extensibility-hooks-summary'],
    ]) {
      const { result } = await executeRecordedStep({
        directory: __dirname,
        name: `${step}-refused`,
        step,
        tenant: EMPTY_EXTENSIBILITY_TENANT,
      });
      expect(
        result.collectedEntities.filter(
          (e) => e._type !== Entities.ACCOUNT._type,
        ),
      ).toEqual([]);
      expect(result.collectedData[key]).toEqual({
        available: false,
        total: 0,
        enabled: 0,
      });
      await stopRecordings();
    }
  });
});
