import {
  pickBreachedPasswordDetection,
  pickBruteForceProtection,
  pickGuardianFactor,
  pickSuspiciousIpThrottling,
  pickTenantSettings,
} from '../../api/postureRecords';
import { Entities } from '../constants';
import { createAccountEntity, parseTenant } from './converter';
import { getAccountPostureProperties } from './posture';

const INFO = parseTenant(
  'acme.us.auth0.com',
  'https://acme.us.auth0.com/api/v2/',
);

test('a hardened tenant: MFA always required, factors, lifetimes and attack protection', () => {
  const account = createAccountEntity('instance-1', INFO, {
    mfaPolicies: ['all-applications'],
    guardianFactors: [
      { name: 'sms', enabled: false, trial_expired: false },
      { name: 'otp', enabled: true },
      { name: 'push-notification', enabled: true },
    ].map(pickGuardianFactor),
    tenantSettings: pickTenantSettings({
      session_lifetime: 168,
      idle_session_lifetime: 72,
      flags: { enable_sso: true },
      friendly_name: 'Acme',
    }),
    bruteForceProtection: pickBruteForceProtection({
      enabled: true,
      shields: ['user_notification', 'block'],
      mode: 'count_per_identifier_and_ip',
      allowlist: ['203.0.113.0/24'],
      max_attempts: 10,
    }),
    breachedPasswordDetection: pickBreachedPasswordDetection({
      enabled: true,
      shields: ['block'],
      method: 'enhanced',
      stage: { 'pre-user-registration': { shields: ['block'] } },
    }),
    suspiciousIpThrottling: pickSuspiciousIpThrottling({
      enabled: false,
      shields: [],
      allowlist: [],
      stage: { 'pre-login': { max_attempts: 100, rate: 864000 } },
    }),
  });
  expect(account).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class });
  expect(account).toMatchObject({
    _key: 'auth0-account:instance-1',
    name: 'acme.us.auth0.com',
    mfaEnabled: true,
    mfaPolicies: ['all-applications'],
    mfaFactors: ['otp', 'push-notification'],
    sessionLifetime: 168,
    idleSessionLifetime: 72,
    bruteForceProtectionEnabled: true,
    bruteForceProtectionShields: ['block', 'user_notification'],
    bruteForceProtectionMode: 'count_per_identifier_and_ip',
    bruteForceProtectionMaxAttempts: 10,
    bruteForceProtectionAllowlist: ['203.0.113.0/24'],
    breachedPasswordDetectionEnabled: true,
    breachedPasswordDetectionShields: ['block'],
    breachedPasswordDetectionMethod: 'enhanced',
    suspiciousIpThrottlingEnabled: false,
    suspiciousIpThrottlingShields: [],
  });
  expect(account).not.toHaveProperty('flags');
  expect(account).not.toHaveProperty('friendly_name');
});

test('no MFA policy means MFA is not enabled; adaptive MFA counts as enabled', () => {
  expect(getAccountPostureProperties({ mfaPolicies: [] })).toEqual({
    mfaEnabled: false,
    mfaPolicies: [],
  });
  expect(
    getAccountPostureProperties({ mfaPolicies: ['confidence-score'] }),
  ).toMatchObject({ mfaEnabled: true });
});

test('what could not be read is left unset, never false', () => {
  expect(getAccountPostureProperties({})).toEqual({});
  const account = createAccountEntity('instance-1', INFO);
  expect(account.mfaEnabled).toBeUndefined();
  expect(account.bruteForceProtectionEnabled).toBeUndefined();
  expect(account).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class });
});

test('malformed settings are ignored', () => {
  expect(
    getAccountPostureProperties({
      mfaPolicies: ['all-applications', 7 as unknown as string],
      guardianFactors: [{ enabled: true }],
      tenantSettings: { session_lifetime: '168' as unknown as number },
      bruteForceProtection: { enabled: 'yes' as unknown as boolean },
    }),
  ).toEqual({
    mfaEnabled: true,
    mfaPolicies: ['all-applications'],
    mfaFactors: [],
    sessionLifetime: undefined,
    idleSessionLifetime: undefined,
    bruteForceProtectionEnabled: undefined,
    bruteForceProtectionShields: undefined,
    bruteForceProtectionMode: undefined,
    bruteForceProtectionMaxAttempts: undefined,
    bruteForceProtectionAllowlist: undefined,
  });
});
