import { Entities } from '../constants';
import { createHookEntity, createRuleEntity } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

test('a rule: enabled, order, stage, legacy', () => {
  const entity = createRuleEntity(
    {
      id: 'rul_1',
      name: 'Force MFA',
      enabled: true,
      order: 1,
      stage: 'login_success',
    },
    DASHBOARD,
  );
  expect(entity).toMatchGraphObjectSchema({ _class: Entities.RULE._class });
  expect(entity).toMatchObject({
    _key: 'auth0-rule:rul_1',
    enabled: true,
    active: true,
    order: 1,
    stage: 'login_success',
    legacy: true,
  });
});

test('a minimal rule is disabled, not invented', () => {
  const entity = createRuleEntity({ id: 'rul_2' }, DASHBOARD);
  expect(entity).toMatchObject({ name: 'rul_2', enabled: false });
  expect(entity.order).toBeUndefined();
});

test('a hook: trigger and sorted name@version dependencies', () => {
  const entity = createHookEntity(
    {
      id: 'h1',
      name: 'claims',
      enabled: true,
      triggerId: 'credentials-exchange',
      dependencies: { 'node-fetch': '2.6.1', axios: '0.21.1' },
    },
    DASHBOARD,
  );
  expect(entity).toMatchGraphObjectSchema({ _class: Entities.HOOK._class });
  expect(entity).toMatchObject({
    triggerId: 'credentials-exchange',
    dependencies: ['axios@0.21.1', 'node-fetch@2.6.1'],
    dependencyCount: 2,
  });
});
