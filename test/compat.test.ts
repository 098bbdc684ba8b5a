/**
 * A drop-in replacement for the previous JupiterOne Auth0 integration: the
 * whole integration runs in process against a simulated tenant, and what it
 * writes must still hold every `_type`, `_class`, key and property of the
 * previous integration (test/compat/previousDataModel.ts) with the same
 * value type, so customers' saved queries, alerts and mapping rules keep
 * working. docs/migration.md must account for each of them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IntegrationInstance } from '@jupiterone/integration-sdk-core';
import { executeIntegrationInstance } from '@jupiterone/integration-sdk-runtime';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { listJsonFiles } from '../scripts/graph';
import { invocationConfig } from '../src';
import { Entities, Relationships } from '../src/steps/constants';
import { IntegrationConfig } from '../src/types';
import {
  PREVIOUS_ENTITIES,
  PREVIOUS_RELATIONSHIPS,
  PreviousEntityType,
  PreviousValueType,
} from './compat/previousDataModel';
import { trustCertificate } from './recording';
import { generateTenant, RunningSimulator, startSimulator } from './simulator';

type GraphObject = Record<string, unknown> & { _type: string; _key: string };

const INSTANCE_ID = 'compat-test';
const TENANT = generateTenant({
  seed: 41,
  users: 300,
  clients: 16,
  identity: { roles: 5, organizations: 2 },
  posture: {},
});

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Whether `value` is of the previous integration's value type. */
function hasPreviousValueType(
  value: unknown,
  type: PreviousValueType,
): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'iso-timestamp':
      return (
        typeof value === 'string' &&
        ISO_TIMESTAMP.test(value) &&
        !Number.isNaN(Date.parse(value))
      );
    case 'json':
      if (typeof value !== 'string') return false;
      try {
        JSON.parse(value);
        return true;
      } catch {
        return false;
      }
  }
}

/** Every previous property that is missing or of another type on `entities`. */
function findIncompatibilities(
  previous: PreviousEntityType,
  entities: GraphObject[],
): string[] {
  const problems: string[] = [];
  for (const [property, type] of Object.entries(previous.properties)) {
    const values = entities
      .map((e) => e[property])
      .filter((v) => v !== undefined && v !== null);
    if (values.length === 0) {
      problems.push(`${previous._type}.${property}: missing`);
      continue;
    }
    const wrong = values.find((v) => !hasPreviousValueType(v, type));
    if (wrong !== undefined) {
      problems.push(
        `${previous._type}.${property}: ${JSON.stringify(wrong)} is not ${type}`,
      );
    }
  }
  return problems;
}

let simulator: RunningSimulator;
let storageDir: string;
let objects: GraphObject[];

function ofType(type: string): GraphObject[] {
  return objects.filter((o) => o._type === type);
}

beforeAll(async () => {
  simulator = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(simulator.caCertPem);
  // The runtime clears its storage directory first: keep it off the project's.
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-compat-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
  const instance: IntegrationInstance<IntegrationConfig> = {
    id: INSTANCE_ID,
    accountId: 'test-account',
    name: 'compat test',
    integrationDefinitionId: 'auth0',
    config: simulator.config,
  };
  await executeIntegrationInstance(
    createMockIntegrationLogger(),
    instance,
    invocationConfig,
    { current: { startedOn: Date.now() } },
  );
  objects = [];
  for (const file of listJsonFiles(path.join(storageDir, 'graph'))) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    objects.push(...(data.entities ?? []), ...(data.relationships ?? []));
  }
});

afterAll(async () => {
  await simulator?.stop();
  delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

describe('the declared metadata', () => {
  const entities = Object.values(Entities);
  const relationships = Object.values(Relationships);

  test.each(PREVIOUS_ENTITIES.map((p) => [p._type, p]))(
    '%s keeps its previous classes',
    (_type, previous) => {
      const declared = entities.find((e) => e._type === previous._type);
      expect(declared?._class).toEqual(expect.arrayContaining(previous._class));
    },
  );

  test.each(PREVIOUS_RELATIONSHIPS.map((p) => [p._type, p]))(
    '%s keeps its class and ends',
    (_type, previous) => {
      expect(relationships.find((r) => r._type === previous._type)).toEqual(
        expect.objectContaining(previous),
      );
    },
  );
});

describe('a collection of the simulated tenant', () => {
  test.each(PREVIOUS_ENTITIES.map((p) => [p._type, p]))(
    '%s: every previous class, key and property, with its value type',
    (_type, previous) => {
      const entities = ofType(previous._type);
      expect(entities.length).toBeGreaterThan(0);
      for (const entity of entities) {
        expect(entity._class).toEqual(expect.arrayContaining(previous._class));
        const key =
          'property' in previous.key
            ? entity[previous.key.property]
            : `${previous.key.prefix}${INSTANCE_ID}`;
        expect({ _type, _key: entity._key }).toEqual({ _type, _key: key });
      }
      expect(findIncompatibilities(previous, entities)).toEqual([]);
      // What was dropped is really gone, so the migration page tells the truth.
      for (const property of Object.keys(previous.dropped ?? {})) {
        expect(entities.filter((e) => property in e)).toEqual([]);
      }
    },
  );

  test.each(PREVIOUS_RELATIONSHIPS.map((p) => [p._type, p]))(
    '%s: written with its class between entities of its types',
    (_type, previous) => {
      const relationships = ofType(previous._type);
      expect(relationships.length).toBeGreaterThan(0);
      const sources = new Set(ofType(previous.sourceType).map((e) => e._key));
      const targets = new Set(ofType(previous.targetType).map((e) => e._key));
      for (const r of relationships) {
        // The previous key, so JupiterOne updates the relationship in place.
        const key = `${r._fromEntityKey}|${previous._class.toLowerCase()}|${r._toEntityKey}`;
        expect({
          _class: r._class,
          _key: r._key,
          from: sources.has(r._fromEntityKey as string),
          to: targets.has(r._toEntityKey as string),
        }).toEqual({
          _class: previous._class,
          _key: key,
          from: true,
          to: true,
        });
      }
    },
  );

  test('the ISO dates and the *On numbers name the same instant', () => {
    const users = ofType(Entities.USER._type);
    for (const [iso, on] of [
      ['createdAt', 'createdOn'],
      ['updatedAt', 'updatedOn'],
      ['lastLogin', 'lastLoginOn'],
    ]) {
      const dated = users.filter((u) => u[iso] !== undefined);
      expect(dated.length).toBeGreaterThan(0);
      for (const user of dated) {
        expect(Date.parse(user[iso] as string)).toBe(user[on]);
      }
    }
    // A user who never logged in has neither.
    expect(
      users.filter(
        (u) => (u.lastLogin === undefined) !== (u.lastLoginOn === undefined),
      ),
    ).toEqual([]);
  });

  test('identities is the JSON of each identity’s connection, user_id, provider and isSocial, no token', () => {
    const users = ofType(Entities.USER._type);
    const byKey = new Map(TENANT.users.map((u) => [u.user_id, u]));
    for (const user of users) {
      const identities = JSON.parse(user.identities as string);
      const source = byKey.get(user._key)!;
      expect(identities).toEqual(
        source.identities.map((identity) => ({
          connection: identity.connection,
          user_id: identity.user_id,
          provider: identity.provider,
          isSocial: identity.isSocial,
        })),
      );
    }
    // The simulator plants identity-provider tokens; none may be written.
    const tokens = TENANT.users.flatMap((u) =>
      u.identities.flatMap((i) =>
        ['access_token', 'refresh_token', 'access_token_secret']
          .map((field) => i[field])
          .filter((v): v is string => typeof v === 'string'),
      ),
    );
    expect(tokens.length).toBeGreaterThan(0);
    const written = JSON.stringify(users);
    expect(tokens.filter((token) => written.includes(token))).toEqual([]);
  });
});

describe('docs/migration.md', () => {
  const doc = fs.readFileSync(
    path.join(__dirname, '..', 'docs', 'migration.md'),
    'utf8',
  );
  /** The text under the heading that names `_type`, up to the next heading of its level. */
  function section(type: string): string {
    const match = new RegExp(
      `^(#+) [^\\n]*\`${type}\`[^\\n]*\\n([\\s\\S]*?)(?=^\\1 |$(?![\\s\\S]))`,
      'm',
    ).exec(doc);
    return match?.[2] ?? '';
  }

  test.each(PREVIOUS_ENTITIES.map((p) => [p._type, p]))(
    'accounts for every previous property of %s',
    (_type, previous) => {
      const text = section(previous._type);
      const names = [
        ...Object.keys(previous.properties),
        ...Object.keys(previous.dropped ?? {}),
      ];
      expect(names.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
    },
  );

  test('is linked from the README', () => {
    const readme = fs.readFileSync(
      path.join(__dirname, '..', 'README.md'),
      'utf8',
    );
    expect(readme).toContain('](docs/migration.md)');
  });

  test.each(PREVIOUS_RELATIONSHIPS.map((p) => [p._type]))(
    'accounts for %s',
    (_type) => {
      expect(doc).toContain(`\`${_type}\``);
    },
  );
});
