import {
  executeRecordedStep,
  RECORDING_CANARY,
  stopRecordings,
} from '../../../test/recording';
import {
  EMPTY_EXTENSIBILITY_TENANT,
  EXTENSIBILITY_TENANT,
} from '../../../test/extensibility/tenants';
import { extensibilityTruth, generateTenant } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getActionKey, getActionTriggerKey } from './converter';

const tenant = generateTenant(EXTENSIBILITY_TENANT);
const x = tenant.extensibility!;
const truth = extensibilityTruth(x);
const byName = (name: string) => x.actions.find((a) => a.name === name)!;

describe('fetch-actions', () => {
  afterEach(stopRecordings);

  test('collects every action, its bindings in execution order and the npm packages of deployed versions, never code', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-actions',
      step: Steps.ACTIONS,
      tenant: EXTENSIBILITY_TENANT,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    const ofType = (type: string) =>
      result.collectedEntities.filter((e) => e._type === type);
    const rels = (type: string) =>
      result.collectedRelationships.filter((r) => r._type === type);
    // 68 actions: more than one page of the 50 the simulator applies.
    expect(truth.actions).toBe(68);
    expect(ofType(Entities.ACTION._type)).toHaveLength(truth.actions);
    expect(ofType(Entities.ACTION_TRIGGER._type)).toHaveLength(
      truth.triggersWithBindings,
    );
    expect(ofType(Entities.NPM_PACKAGE._type)).toHaveLength(truth.npmPackages);
    expect(rels(Relationships.ACCOUNT_HAS_ACTION._type)).toHaveLength(
      truth.actions,
    );
    expect(
      rels(Relationships.ACTION_TRIGGER_TRIGGERS_ACTION._type),
    ).toHaveLength(truth.bindings);
    expect(rels(Relationships.ACTION_USES_NPM_PACKAGE._type)).toHaveLength(
      truth.actionPackageLinks,
    );

    // What runs at post-login, in which order.
    const postLogin = result.collectedEntities.find(
      (e) => e._key === getActionTriggerKey('post-login'),
    );
    expect(postLogin).toMatchObject({
      triggerId: 'post-login',
      version: 'v3',
      bindingCount: 3,
      boundActions: [
        'Add roles to tokens',
        'Onfido identity verification',
        'Block risky countries',
      ],
    });
    const postLoginOrder = rels(
      Relationships.ACTION_TRIGGER_TRIGGERS_ACTION._type,
    )
      .filter((r) => r._fromEntityKey === getActionTriggerKey('post-login'))
      .sort((a, b) => (a.order as number) - (b.order as number))
      .map((r) => r._toEntityKey);
    expect(postLoginOrder).toEqual(
      [
        'Add roles to tokens',
        'Onfido identity verification',
        'Block risky countries',
      ].map((name) => getActionKey(byName(name).id)),
    );
    // 60 bindings span two pages; the order survives the page boundary.
    const passwordChange = result.collectedEntities.find(
      (e) => e._key === getActionTriggerKey('post-change-password'),
    );
    expect(passwordChange?.boundActions).toEqual(
      x.bindings['post-change-password'].map((b) => b.display_name),
    );
    // Triggers whose bindings the plan refuses are skipped, not fatal.
    for (const id of x.unavailableBindingTriggers) {
      expect(
        result.collectedEntities.find(
          (e) => e._key === getActionTriggerKey(id),
        ),
      ).toBeUndefined();
    }

    const action = (name: string) =>
      result.collectedEntities.find(
        (e) => e._key === getActionKey(byName(name).id),
      );
    expect(action('Block risky countries')).toMatchObject({
      _class: ['Function'],
      deployed: true,
      version: '1',
      runtime: 'node22',
      boundTriggers: ['post-login'],
      bindingOrders: ['post-login:3'],
      active: true,
      secretNames: ['GEO_TOKEN', 'GEO_URL'],
      secretCount: 2,
      dependencies: ['axios@1.6.8', '@acme/geo-rules@2.1.0'],
      marketplace: false,
      codeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(action('Onfido identity verification')).toMatchObject({
      marketplace: true,
      integrationName: 'Onfido',
      integrationCatalogId: 'onfido-identity-verification',
    });
    expect(action('Experimental risk score')).toMatchObject({
      deployed: false,
      bound: false,
      active: false,
      dependencies: [],
      draftDependencies: ['moment@2.29.1'],
    });
    expect(action('Signup allow-list')).toMatchObject({
      allChangesDeployed: false,
      dependencies: ['lodash@4.17.15'],
      draftDependencies: ['lodash@4.17.21'],
    });
    expect(action('Notify Slack on signup')).toMatchObject({
      deployed: true,
      bound: false,
      active: false,
    });

    // One package entity per name@version, shared by the actions using it.
    const axios = result.collectedEntities.find(
      (e) => e._key === 'auth0-npm-package:axios@1.6.8',
    );
    expect(axios).toMatchObject({
      _class: ['CodeModule'],
      name: 'axios',
      version: '1.6.8',
      public: true,
    });
    expect(
      rels(Relationships.ACTION_USES_NPM_PACKAGE._type).filter(
        (r) => r._toEntityKey === axios?._key,
      ),
    ).toHaveLength(3);
    expect(
      result.collectedEntities.find(
        (e) => e._key === 'auth0-npm-package:@acme/geo-rules@2.1.0',
      ),
    ).toMatchObject({ public: false, registryHost: 'npm.acme.example.com' });

    const output = JSON.stringify([
      result.collectedEntities,
      result.collectedRelationships,
    ]);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/API_KEY = |exports\.onExecute|"code"|deploy:/);
  });

  test('a tenant without actions yields none, and no trigger', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-actions-empty',
      step: Steps.ACTIONS,
      tenant: EMPTY_EXTENSIBILITY_TENANT,
    });
    expect(stepConfig.stepId).toBe(Steps.ACTIONS);
    expect(
      result.collectedEntities.filter((e) =>
        [
          Entities.ACTION._type,
          Entities.ACTION_TRIGGER._type,
          Entities.NPM_PACKAGE._type,
        ].includes(e._type),
      ),
    ).toEqual([]);
    expect(result.collectedRelationships).toEqual([]);
  });
});
