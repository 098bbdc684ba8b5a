import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Entity } from '@jupiterone/integration-sdk-core';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

import { pickConnection } from '../../api/postureRecords';
import { pickUser } from '../../api/records';
import { IntegrationConfig } from '../../types';
import { DataKeys, Relationships } from '../constants';
import { UserConnectionKeys } from '../users/connectionKeys';
import { createUserEntity } from '../users/converter';
import { createConnectionEntity } from './converter';
import { buildConnectionUserRelationships } from './index';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const config: IntegrationConfig = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  domain: 'acme.us.auth0.com',
  audience: 'https://acme.us.auth0.com/api/v2/',
};

const connections = [
  { id: 'con_db', name: 'Username-Password-Authentication', strategy: 'auth0' },
  { id: 'con_google', name: 'google-oauth2', strategy: 'google-oauth2' },
].map((raw) => createConnectionEntity(pickConnection(raw), DASHBOARD, 0));

const identity = (connection: string) => ({
  connection,
  provider: connection === 'google-oauth2' ? connection : 'auth0',
  user_id: connection,
});
const users = [
  {
    user_id: 'auth0|1',
    identities: [identity('Username-Password-Authentication')],
  },
  { user_id: 'google-oauth2|2', identities: [identity('google-oauth2')] },
  // A linked account: one user, two connections.
  {
    user_id: 'auth0|3',
    identities: [
      identity('Username-Password-Authentication'),
      identity('google-oauth2'),
    ],
  },
  // A connection that is not collected (e.g. deleted since, or filtered out).
  { user_id: 'samlp|4', identities: [identity('okta-saml')] },
].map((raw) => createUserEntity(pickUser(raw), DASHBOARD));

const expectedLinks = [
  'con_db|has|auth0|1',
  'con_db|has|auth0|3',
  'con_google|has|google-oauth2|2',
  'con_google|has|auth0|3',
].sort();

const STORAGE = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-storage-'));
beforeAll(() => {
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = STORAGE;
});
afterAll(() => {
  delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  fs.rmSync(STORAGE, { recursive: true, force: true });
});

async function linksBuilt(index?: UserConnectionKeys) {
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig: config,
    entities: [...connections, ...users] as Entity[],
  });
  if (index) {
    await context.jobState.setData(DataKeys.USER_KEYS_BY_CONNECTION, index);
  }
  await buildConnectionUserRelationships(context);
  expect(
    context.jobState.collectedRelationships.every(
      (r) => r._type === Relationships.CONNECTION_HAS_USER._type,
    ),
  ).toBe(true);
  return {
    keys: context.jobState.collectedRelationships.map((r) => r._key).sort(),
    indexLeft: await context.jobState.getData(DataKeys.USER_KEYS_BY_CONNECTION),
  };
}

describe('build-connection-user-relationships', () => {
  test('links users from the key file the users step leaves, then removes it', async () => {
    const index = await UserConnectionKeys.create();
    // In two batches, as the users step writes them.
    await index.add(users.slice(0, 2));
    await index.add(users.slice(2));
    await index.close();
    expect(fs.readFileSync(index.file, 'utf8').trim().split('\n')).toEqual([
      JSON.stringify(['auth0|1', 'Username-Password-Authentication']),
      JSON.stringify(['google-oauth2|2', 'google-oauth2']),
      JSON.stringify([
        'auth0|3',
        'Username-Password-Authentication',
        'google-oauth2',
      ]),
      JSON.stringify(['samlp|4', 'okta-saml']),
    ]);
    const { keys, indexLeft } = await linksBuilt(index);
    expect(keys).toEqual(expectedLinks);
    expect(indexLeft).toBeUndefined();
    expect(fs.existsSync(index.file)).toBe(false);
  });

  test('the key file is in the SDK storage directory, outside graph/', async () => {
    const index = await UserConnectionKeys.create();
    try {
      expect(path.relative(STORAGE, index.file)).toMatch(
        /^auth0-user-keys\/[0-9a-f-]{36}\.ndjson$/,
      );
    } finally {
      await index.forEach(async () => undefined);
    }
    expect(fs.existsSync(index.file)).toBe(false);
  });

  test('without the index (users step from a cache) reads the user entities instead, to the same links', async () => {
    const { keys } = await linksBuilt();
    expect(keys).toEqual(expectedLinks);
  });
});
