import { Entities } from '../constants';
import { createExtensibilitySummaryEntity } from './converter';

const base = { accountKey: 'auth0-account:1', tenant: 'acme.us.auth0.com' };

test('every count known', () => {
  const entity = createExtensibilitySummaryEntity({
    ...base,
    rules: { available: true, total: 2, enabled: 0 },
    hooks: { available: true, total: 1, enabled: 1 },
    logStreams: { total: 2, active: 0, paused: 1, suspended: 1 },
  });
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.EXTENSIBILITY_SUMMARY._class,
  });
  expect(entity).toMatchObject({
    legacyExtensibilityInUse: true,
    hasActiveLogStream: false,
    hasPausedOrSuspendedLogStream: true,
  });
});

test('what a failed step would have said is left unset, not guessed', () => {
  const entity = createExtensibilitySummaryEntity({
    ...base,
    rules: { available: false, total: 0, enabled: 0 },
  });
  expect(entity.legacyExtensibilityInUse).toBeUndefined();
  expect(entity.hasActiveLogStream).toBeUndefined();
  expect(entity.rulesAvailable).toBe(false);
  const none = createExtensibilitySummaryEntity({
    ...base,
    rules: { available: false, total: 0, enabled: 0 },
    hooks: { available: false, total: 0, enabled: 0 },
    logStreams: { total: 0, active: 0, paused: 0, suspended: 0 },
  });
  expect(none).toMatchObject({
    legacyExtensibilityInUse: false,
    hasActiveLogStream: false,
    logStreamCount: 0,
  });
});
