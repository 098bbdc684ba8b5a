import { IdentityRecord, pickUser } from '../../api/records';
import {
  createAccountUserRelationship,
  createUserEntity,
  getIdentitiesJson,
  isValidEmail,
} from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

const rawUser = {
  user_id: 'google-oauth2|103547991597142817347',
  email: 'jane.doe@acme.com',
  email_verified: true,
  name: 'Jane Doe',
  nickname: 'jane',
  picture: 'https://lh3.googleusercontent.com/a/photo.jpg',
  created_at: '2023-04-05T10:11:12.345Z',
  updated_at: '2024-01-02T03:04:05.678Z',
  last_login: '2024-01-02T03:04:05.678Z',
  last_ip: '203.0.113.7',
  logins_count: 42,
  multifactor: ['guardian'],
  identities: [
    {
      connection: 'google-oauth2',
      provider: 'google-oauth2',
      user_id: '103547991597142817347',
      isSocial: true,
      access_token: 'ya29.live-google-access-token',
      refresh_token: '1//live-google-refresh-token',
    },
  ],
  user_metadata: { favorite_color: 'blue' },
  app_metadata: { api_key: 'app-metadata-secret' },
};

describe('createUserEntity', () => {
  const entity = createUserEntity(pickUser(rawUser), DASHBOARD);

  test('keys the user by user_id and keeps the established property names', () => {
    expect(entity).toMatchObject({
      _key: 'google-oauth2|103547991597142817347',
      _type: 'auth0_user',
      _class: ['User'],
      userId: 'google-oauth2|103547991597142817347',
      name: 'Jane Doe',
      displayName: 'Jane Doe',
      username: '',
      email: 'jane.doe@acme.com',
      emailVerified: true,
      active: true,
      blocked: false,
      multifactor: ['guardian'],
      mfaEnabled: true,
      connections: ['google-oauth2'],
      providers: ['google-oauth2'],
      isSocial: true,
      loginsCount: 42,
      lastIp: '203.0.113.7',
      createdOn: Date.parse('2023-04-05T10:11:12.345Z'),
      updatedOn: Date.parse('2024-01-02T03:04:05.678Z'),
      lastLoginOn: Date.parse('2024-01-02T03:04:05.678Z'),
    });
  });

  test('keeps the previous integration’s dates as ISO strings beside the *On numbers', () => {
    expect(entity).toMatchObject({
      createdAt: '2023-04-05T10:11:12.345Z',
      updatedAt: '2024-01-02T03:04:05.678Z',
      lastLogin: '2024-01-02T03:04:05.678Z',
    });
  });

  test('keeps identities as JSON of connection, user_id, provider and isSocial only', () => {
    expect(JSON.parse(entity.identities as string)).toEqual([
      {
        connection: 'google-oauth2',
        user_id: '103547991597142817347',
        provider: 'google-oauth2',
        isSocial: true,
      },
    ]);
  });

  test('encodes the whole user_id in the web link', () => {
    expect(entity.webLink).toBe(
      `${DASHBOARD}users/google-oauth2%7C103547991597142817347`,
    );
  });

  test('carries no identity-provider token or metadata, in properties or raw data', () => {
    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('live-google');
    expect(serialized).not.toContain('app-metadata-secret');
    expect(serialized).not.toContain('favorite_color');
  });

  test('never puts a token into identities, even one handed to the converter directly', () => {
    const identities = getIdentitiesJson([
      {
        connection: 'github',
        provider: 'github',
        user_id: 1234567 as unknown as string,
        isSocial: true,
        access_token: 'gho_live',
        refresh_token: 'ghr_live',
        access_token_secret: 'live-secret',
        profileData: { email: 'x@example.com' },
      } as IdentityRecord,
    ]);
    expect(identities).toBe(
      '[{"connection":"github","user_id":1234567,"provider":"github","isSocial":true}]',
    );
    expect(getIdentitiesJson(undefined)).toBeUndefined();
  });

  test('does not mutate its input', () => {
    const input = pickUser(rawUser);
    const copy = JSON.parse(JSON.stringify(input));
    createUserEntity(input, DASHBOARD);
    expect(input).toEqual(copy);
  });

  test.each([
    [
      {
        user_id: 'sms|65a0',
        phone_number: '+15555550100',
        nickname: '+15555550100',
      },
      '+15555550100',
    ],
    [{ user_id: 'auth0|65a1', email: 'only@acme.com' }, 'only@acme.com'],
    [{ user_id: 'auth0|65a2', username: 'only-username' }, 'only-username'],
    [{ user_id: 'auth0|65a3' }, 'auth0|65a3'],
  ])('falls back for its name: %j', (record, name) => {
    expect(createUserEntity(pickUser(record), DASHBOARD).name).toBe(name);
  });

  test('drops an invalid email but keeps the user', () => {
    const user = createUserEntity(
      pickUser({ user_id: 'auth0|x', email: 'not-an-email', name: 'X' }),
      DASHBOARD,
    );
    expect(user.email).toBeUndefined();
    expect(user.name).toBe('X');
  });

  test('tolerates null and odd types', () => {
    const user = createUserEntity(
      pickUser({
        user_id: 'auth0|odd',
        name: null,
        logins_count: '7',
        blocked: 'yes',
        multifactor: 'guardian',
        identities: 'not-an-array',
        created_at: 'not a date',
      }),
      DASHBOARD,
    );
    expect(user).toMatchObject({
      name: 'auth0|odd',
      loginsCount: 0,
      blocked: false,
      active: true,
      mfaEnabled: false,
    });
    expect(user.connections).toEqual([]);
  });

  test('a blocked user is inactive', () => {
    const user = createUserEntity(
      pickUser({ user_id: 'auth0|b', blocked: true }),
      DASHBOARD,
    );
    expect(user).toMatchObject({ active: false, blocked: true });
  });
});

test.each([
  ['a@b.co', true],
  ['first.last+tag@sub.example.org', true],
  ['not-an-email', false],
  ['a@b', false],
  ['a b@c.com', false],
  [undefined, false],
])('isValidEmail(%p) = %p', (value, expected) => {
  expect(isValidEmail(value)).toBe(expected);
});

test('createAccountUserRelationship links the account to the user by key', () => {
  const user = createUserEntity(pickUser(rawUser), DASHBOARD);
  const account = {
    _key: 'auth0-account:acme',
    _type: 'auth0_account',
    _class: ['Account'],
  };
  expect(createAccountUserRelationship(account, user)).toMatchObject({
    _key: 'auth0-account:acme|has|google-oauth2|103547991597142817347',
    _type: 'auth0_account_has_user',
    _class: 'HAS',
    _fromEntityKey: 'auth0-account:acme',
    _toEntityKey: 'google-oauth2|103547991597142817347',
  });
});
