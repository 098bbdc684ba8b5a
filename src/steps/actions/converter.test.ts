import { pickAction } from '../../api/extensibilityRecords';
import { generateTenant } from '../../../test/simulator';
import { Entities } from '../constants';
import {
  createActionEntity,
  createActionPackageRelationship,
  createActionTriggerEntity,
  createBindingRelationship,
  createNpmPackageEntity,
  getActionKey,
} from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const CANARY = 'CANARY-actions-9e2f';
const x = generateTenant({
  seed: 4,
  users: 1,
  clients: 2,
  canary: CANARY,
  extensibility: { variant: 'modern' },
}).extensibility!;
const raw = (name: string) =>
  x.actions.find((a) => a.name === name) as unknown as Record<string, unknown>;

test('a deployed, bound action from the simulator: a Function with its places and packages, no code', () => {
  const action = pickAction(raw('Add roles to tokens'));
  const entity = createActionEntity(action, DASHBOARD, [
    { triggerId: 'post-login', order: 1 },
  ]);
  expect(entity).toMatchGraphObjectSchema({ _class: Entities.ACTION._class });
  expect(entity).toMatchObject({
    _key: getActionKey(action.id),
    _type: Entities.ACTION._type,
    name: 'Add roles to tokens',
    runtime: 'node22',
    deployed: true,
    version: '3',
    active: true,
    boundTriggers: ['post-login'],
    bindingOrders: ['post-login:1'],
    supportedTriggers: ['post-login'],
    trigger: 'post-login',
    secretNames: ['ROLES_API_KEY'],
    dependencies: ['lodash@4.17.21', 'axios@1.6.8'],
    dependencyCount: 2,
    marketplace: false,
    createdOn: Date.parse(action.created_at!),
    webLink: `${DASHBOARD}actions/library/details/${action.id}`,
  });
  expect(entity.codeHash).toMatch(/^[0-9a-f]{64}$/);
  expect(entity.codeHash).not.toBe(entity.draftCodeHash);
  expect(JSON.stringify(entity)).not.toContain(CANARY);
});

test('a minimal action: unbound, undeployed, nothing invented', () => {
  const entity = createActionEntity({ id: 'a-1' }, DASHBOARD, []);
  expect(entity).toMatchGraphObjectSchema({ _class: Entities.ACTION._class });
  expect(entity).toMatchObject({
    name: 'a-1',
    deployed: false,
    bound: false,
    active: false,
    marketplace: false,
    secretCount: 0,
    dependencies: [],
  });
  expect(entity.runtime).toBeUndefined();
});

test('a trigger lists its actions in execution order; a binding carries its order', () => {
  const bindings = [
    { id: 'b1', display_name: 'First', action: { id: 'a1', name: 'First' } },
    { id: 'b2', action: { id: 'a2', name: 'Second' } },
  ];
  const trigger = createActionTriggerEntity(
    { id: 'post-login', version: 'v3', status: 'CURRENT' },
    bindings,
    DASHBOARD,
  );
  expect(trigger).toMatchGraphObjectSchema({
    _class: Entities.ACTION_TRIGGER._class,
  });
  expect(trigger).toMatchObject({
    boundActions: ['First', 'Second'],
    boundActionIds: ['a1', 'a2'],
    bindingCount: 2,
  });
  const action = createActionEntity(
    { id: 'a2', name: 'Second' },
    DASHBOARD,
    [],
  );
  expect(
    createBindingRelationship(trigger, action, bindings[1], 2),
  ).toMatchObject({
    _class: 'TRIGGERS',
    order: 2,
    bindingId: 'b2',
    displayName: 'Second',
  });
});

test('a package is a CodeModule keyed by name@version; a private one is not public', () => {
  const pkg = createNpmPackageEntity({
    name: '@acme/geo',
    version: '2.1.0',
    registry_host: 'npm.acme.example.com',
  });
  expect(pkg).toMatchGraphObjectSchema({ _class: Entities.NPM_PACKAGE._class });
  expect(pkg).toMatchObject({
    _key: 'auth0-npm-package:@acme/geo@2.1.0',
    name: '@acme/geo',
    version: '2.1.0',
    public: false,
  });
  const action = createActionEntity({ id: 'a1' }, DASHBOARD, []);
  expect(createActionPackageRelationship(action, pkg)).toMatchObject({
    _class: 'USES',
    version: '2.1.0',
  });
});
