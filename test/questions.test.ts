/**
 * The managed questions (jupiterone/questions/questions.yaml): valid for the
 * SDK (`j1-integration validate-question-file`), at least ten, and every
 * J1QL query names types this integration declares and, in its WITH
 * conditions and `alias.property` returns, entity properties its converters
 * produce for a simulated tenant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Entity } from '@jupiterone/integration-sdk-core';
import { validateManagedQuestionFile } from '@jupiterone/integration-sdk-cli/dist/src/questions/managedQuestionFileValidator';

import { pickConnection, pickSigningKey } from '../src/api/postureRecords';
import { ClientRecord, UserRecord } from '../src/api/records';
import {
  createAccountEntity,
  parseTenant,
} from '../src/steps/account/converter';
import { createClientEntity } from '../src/steps/clients/converter';
import { createConnectionEntity } from '../src/steps/connections/converter';
import { Entities } from '../src/steps/constants';
import { createResourceServerEntity } from '../src/steps/resource-servers/converter';
import { createSigningKeyEntity } from '../src/steps/signing-keys/converter';
import { createUserEntity } from '../src/steps/users/converter';
import { extensibilityEntities } from './extensibility/entities';
import { generateTenant, postureTruth, signingCertificate } from './simulator';

const FILE = path.resolve(__dirname, '../jupiterone/questions/questions.yaml');
// js-yaml comes with the SDK's CLI, which validates the same file with it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yaml = require('js-yaml') as { load(text: string): unknown };

interface QuestionFile {
  questions: Array<{ id: string; queries: Array<{ query: string }> }>;
}

const questions = (yaml.load(fs.readFileSync(FILE, 'utf8')) as QuestionFile)
  .questions;
const queries = questions.flatMap((q) =>
  q.queries.map((query) => [q.id, query.query.replace(/\s+/g, ' ').trim()]),
);

/** Properties of each type, as the converters set them for a simulated tenant. */
function knownProperties(): Map<string, Set<string>> {
  const tenant = generateTenant({
    seed: 3,
    users: 200,
    clients: 20,
    identity: {},
    posture: {},
  });
  const dashboard = 'https://manage.auth0.com/dashboard/us/demo-tenant/';
  const truth = postureTruth(tenant)!;
  const entities: Entity[] = [
    createAccountEntity(
      'instance',
      parseTenant('demo-tenant.us.auth0.com', tenant.audience),
      {
        mfaPolicies: truth.account.mfaPolicies,
        guardianFactors: tenant.posture!.guardianFactors,
        tenantSettings: tenant.posture!.tenantSettings,
        bruteForceProtection: tenant.posture!.bruteForceProtection,
        breachedPasswordDetection: tenant.posture!.breachedPasswordDetection,
        suspiciousIpThrottling: tenant.posture!.suspiciousIpThrottling,
      },
    ),
    ...tenant.clients.map((c) =>
      createClientEntity(c as unknown as ClientRecord, dashboard),
    ),
    ...tenant.users.map((u) =>
      createUserEntity(u as unknown as UserRecord, dashboard),
    ),
    ...tenant.resourceServers!.map((s) =>
      createResourceServerEntity(s, dashboard, tenant.audience),
    ),
    ...tenant.posture!.connections.map((c) =>
      createConnectionEntity(
        pickConnection(c as unknown as Record<string, unknown>),
        dashboard,
        c.clients.length,
      ),
    ),
    ...tenant.posture!.signingKeys.map((k) =>
      createSigningKeyEntity(
        pickSigningKey({ ...k, cert: signingCertificate(k) }),
        dashboard,
      ),
    ),
    ...extensibilityEntities(dashboard),
  ];
  const properties = new Map<string, Set<string>>();
  for (const entity of entities) {
    const set = properties.get(entity._type) ?? new Set<string>();
    for (const [key, value] of Object.entries(entity)) {
      if (value !== undefined) set.add(key);
    }
    properties.set(entity._type, set);
  }
  return properties;
}

test('the SDK validates the question file', async () => {
  await expect(
    validateManagedQuestionFile({ filePath: FILE, apiClient: undefined }),
  ).resolves.toBeUndefined();
});

test('at least ten questions, on connections, posture and signing keys too', () => {
  expect(questions.length).toBeGreaterThanOrEqual(10);
  const text = queries.map(([, query]) => query).join('\n');
  for (const type of [
    Entities.USER._type,
    Entities.CLIENT._type,
    Entities.ACCOUNT._type,
    Entities.CONNECTION._type,
    Entities.SIGNING_KEY._type,
    Entities.ACTION._type,
    Entities.ACTION_TRIGGER._type,
    Entities.NPM_PACKAGE._type,
    Entities.RULE._type,
    Entities.HOOK._type,
    Entities.LOG_STREAM._type,
    Entities.CUSTOM_DOMAIN._type,
    Entities.EXTENSIBILITY_SUMMARY._type,
  ]) {
    expect(text).toContain(type);
  }
});

describe('each query names this integration’s types and properties', () => {
  const properties = knownProperties();
  const types = Object.values(Entities).map((e) => e._type);
  const known = (type: string, property: string) => ({
    type,
    property,
    known: properties.get(type)?.has(property),
  });

  test.each(queries)('%s: %s', (_id, query) => {
    const aliases = new Map<string, string>();
    // FIND / THAT [AS rel] <type> [WITH <conditions>] [AS <alias>]
    const clause =
      /\b(?:FIND|THAT\s+\w+(?:\s+AS\s+\w+)?)\s+(auth0_\w+)(?:\s+WITH\s+(.*?))?(?:\s+AS\s+(\w+))?(?=\s+THAT\b|\s+RETURN\b|\s+WHERE\b|$)/gi;
    let found = 0;
    for (const [, type, conditions, alias] of query.matchAll(clause)) {
      found++;
      expect(types).toContain(type);
      if (alias) aliases.set(alias, type);
      for (const [, property] of (conditions ?? '').matchAll(
        /(\w+)\s*(?:=|!=|<|>|~=|\^=|\$=)/g,
      )) {
        expect(known(type, property)).toEqual({ type, property, known: true });
      }
    }
    expect(found).toBeGreaterThan(0);
    for (const [, alias, property] of query.matchAll(/\b(\w+)\.(\w+)\b/g)) {
      const type = aliases.get(alias);
      if (!type) continue; // date.now, relationship aliases
      expect(known(type, property)).toEqual({ type, property, known: true });
    }
  });
});
