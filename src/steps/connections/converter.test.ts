import { pickConnection } from '../../api/postureRecords';
import { generateTenant } from '../../../test/simulator';
import { Entities, Relationships } from '../constants';
import {
  createClientConnectionRelationship,
  createConnectionEntity,
  createConnectionUserRelationship,
  getConnectionKind,
  getConnectionWebLink,
} from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const CANARY = 'CANARY-connections-unit';
const tenant = generateTenant({
  seed: 4,
  users: 10,
  clients: 8,
  canary: CANARY,
  posture: {},
});
const connections = tenant.posture!.connections;

test.each([
  ['auth0', 'database'],
  ['sms', 'passwordless'],
  ['email', 'passwordless'],
  ['samlp', 'enterprise'],
  ['waad', 'enterprise'],
  ['oidc', 'enterprise'],
  ['google-oauth2', 'social'],
  ['github', 'social'],
  ['apple', 'social'],
  [undefined, undefined],
])('getConnectionKind(%s) = %s', (strategy, kind) => {
  expect(getConnectionKind(strategy)).toBe(kind);
});

test('a database connection carries its password policy, brute-force and MFA settings', () => {
  const entity = createConnectionEntity(
    pickConnection({
      id: 'con_database01',
      name: 'Username-Password-Authentication',
      display_name: 'Email and password',
      strategy: 'auth0',
      realms: ['Username-Password-Authentication'],
      is_domain_connection: false,
      options: {
        passwordPolicy: 'good',
        password_complexity_options: { min_length: 12 },
        password_history: { enable: true, size: 5 },
        password_no_personal_info: { enable: true },
        password_dictionary: { enable: true, dictionary: ['acme'] },
        brute_force_protection: true,
        mfa: { active: true, return_enroll_settings: false },
        configuration: { DB_PASSWORD: 'hunter2' },
      },
      metadata: { note: 'free-form' },
    }),
    DASHBOARD,
    3,
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.CONNECTION._class,
  });
  expect(entity).toMatchObject({
    _key: 'con_database01',
    _type: Entities.CONNECTION._type,
    _class: ['Directory'],
    name: 'Username-Password-Authentication',
    displayName: 'Email and password',
    strategy: 'auth0',
    type: 'auth0',
    kind: 'database',
    database: true,
    social: false,
    enterprise: false,
    passwordless: false,
    passwordPolicy: 'good',
    passwordMinLength: 12,
    passwordHistoryEnabled: true,
    passwordHistorySize: 5,
    passwordNoPersonalInfo: true,
    passwordDictionaryEnabled: true,
    bruteForceProtection: true,
    mfaActive: true,
    mfaReturnEnrollSettings: false,
    enabledClientCount: 3,
    webLink: `${DASHBOARD}connections/database/con_database01/settings`,
  });
  const json = JSON.stringify(entity);
  expect(json).not.toContain('hunter2');
  expect(json).not.toContain('free-form');
  // The dictionary's words are custom content, not policy.
  expect(json).not.toContain('"acme"');
});

test('a minimal or malformed connection still converts, with unknown settings unset', () => {
  const entity = createConnectionEntity(
    pickConnection({
      id: 'con_minimal001',
      strategy: 42,
      options: {
        passwordPolicy: 7,
        password_history: 'yes',
        mfa: null,
        brute_force_protection: 'on',
      },
    }),
    DASHBOARD,
    0,
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.CONNECTION._class,
  });
  expect(entity).toMatchObject({
    name: 'con_minimal001',
    displayName: 'con_minimal001',
    enabledClientCount: 0,
  });
  for (const property of [
    'strategy',
    'kind',
    'passwordPolicy',
    'passwordHistoryEnabled',
    'mfaActive',
    'bruteForceProtection',
  ]) {
    expect(entity[property]).toBeUndefined();
  }
  expect(
    createConnectionEntity(
      pickConnection({ id: 'con_unknown001' }),
      DASHBOARD,
      0,
    ),
  ).toMatchObject({
    database: false,
    social: false,
  });
});

test('every simulated connection converts, and no planted secret survives the allow-list', () => {
  expect(JSON.stringify(connections)).toContain(CANARY);
  const entities = connections.map((connection) =>
    createConnectionEntity(
      pickConnection(connection as unknown as Record<string, unknown>),
      DASHBOARD,
      connection.clients.length,
    ),
  );
  for (const entity of entities) {
    expect(entity).toMatchGraphObjectSchema({
      _class: Entities.CONNECTION._class,
    });
  }
  expect(JSON.stringify(entities)).not.toContain(CANARY);
  expect(JSON.stringify(entities)).not.toMatch(
    /client_secret|app_secret|admin_access_token|admin_refresh_token|decryptionKey|signing_key|twilio_token|configuration|PRIVATE KEY/,
  );
  const byName = new Map(entities.map((e) => [e.name, e]));
  expect(byName.get('legacy-db')).toMatchObject({
    database: true,
    bruteForceProtection: false,
    passwordPolicy: 'low',
    customDatabase: true,
  });
  expect(byName.get('acme-okta')).toMatchObject({
    enterprise: true,
    signSamlRequest: true,
    domainAliases: ['acme.com'],
    webLink: expect.stringContaining('connections/enterprise/samlp/'),
  });
  expect(byName.get('sms')).toMatchObject({
    passwordless: true,
    bruteForceProtection: true,
  });
  expect(byName.get('google-oauth2')).toMatchObject({ social: true });
});

test('web links follow the dashboard layout of each kind', () => {
  expect(
    getConnectionWebLink(DASHBOARD, { id: 'con_1', strategy: 'github' }),
  ).toBe(`${DASHBOARD}connections/social/con_1/settings`);
  expect(
    getConnectionWebLink(DASHBOARD, { id: 'con_2', strategy: 'sms' }),
  ).toBe(`${DASHBOARD}connections/passwordless`);
});

test('relationships: client USES connection, connection HAS user', () => {
  const connection = createConnectionEntity(
    pickConnection({ id: 'con_1', name: 'github', strategy: 'github' }),
    DASHBOARD,
    1,
  );
  expect(
    createClientConnectionRelationship('client-1', connection),
  ).toMatchObject({
    _type: Relationships.CLIENT_USES_CONNECTION._type,
    _class: 'USES',
    _fromEntityKey: 'client-1',
    _toEntityKey: 'con_1',
  });
  expect(createConnectionUserRelationship('con_1', 'github|123')).toMatchObject(
    {
      _type: Relationships.CONNECTION_HAS_USER._type,
      _class: 'HAS',
      _fromEntityKey: 'con_1',
      _toEntityKey: 'github|123',
    },
  );
});
