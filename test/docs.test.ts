import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

import { createAccountEntity } from '../src/steps/account/converter';
import { createClientEntity } from '../src/steps/clients/converter';
import { createOrganizationEntity } from '../src/steps/organizations/converter';
import { createResourceServerEntity } from '../src/steps/resource-servers/converter';
import { createRoleEntity } from '../src/steps/roles/converter';
import { Entities } from '../src/steps/constants';
import { createUserEntity } from '../src/steps/users/converter';
import { ClientRecord, UserRecord } from '../src/api/records';
import { generateTenant, signingCertificate } from './simulator';
import { extensibilityEntities } from './extensibility/entities';
import { pickConnection, pickSigningKey } from '../src/api/postureRecords';
import { createConnectionEntity } from '../src/steps/connections/converter';
import { createSigningKeyEntity } from '../src/steps/signing-keys/converter';

/**
 * The README against the code: every message the integration can emit is in
 * Troubleshooting, every J1QL example in Queries names types and properties
 * the integration produces, and the commands and links the docs mention
 * exist.
 */

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DEVELOPMENT = fs.readFileSync(
  path.join(ROOT, 'docs', 'development.md'),
  'utf8',
);

/** The text of a `## Heading` section, up to the next `## ` heading ('' if none). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__recordings__' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [full]
      : [];
  });
}

interface Message {
  /** where the message is built, file:line */
  at: string;
  /** literal parts that must appear together on one Troubleshooting line */
  parts: string[];
}

const SEPARATORS = [': ', ' (', '; ', '. ', ', ', ' "', '{'];
const MIN_KEY = 12;

/**
 * The recognisable part of a message's literal text: up to the first
 * separator (colon, parenthesis, semicolon, sentence end, comma, quote), so
 * that a README line can quote it without the variable parts.
 */
function keyOf(text: string): string {
  const trimmed = text.trim();
  let end = trimmed.length;
  for (const separator of SEPARATORS) {
    const index = trimmed.indexOf(separator);
    if (index > 0 && index < end) end = index;
  }
  return trimmed
    .slice(0, end)
    .replace(/[\s:;,.({"]+$/, '')
    .trim();
}

/** The literal text of a message expression, as one or more alternatives. */
function messageParts(node: ts.Expression): string[][] {
  if (ts.isParenthesizedExpression(node)) return messageParts(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    const key = keyOf(node.text);
    return key ? [[key]] : [];
  }
  if (ts.isTemplateExpression(node)) {
    // The literal prefix up to the first `${`; when that is too short to
    // recognise ("request to ${domain} failed"), the next literal as well;
    // when there is none ("${count} users created at ..."), the longest.
    const head = keyOf(node.head.text);
    const spans = node.templateSpans
      .map((span) => keyOf(span.literal.text))
      .filter((key) => key.length >= 4);
    if (head.length >= MIN_KEY) return [[head]];
    if (head.length >= 4 && spans.length > 0) return [[head, spans[0]]];
    const longest = [...spans].sort((a, b) => b.length - a.length)[0];
    return longest && longest.length >= MIN_KEY ? [[longest]] : [];
  }
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
      node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  ) {
    return [...messageParts(node.left), ...messageParts(node.right)];
  }
  if (ts.isConditionalExpression(node)) {
    return [...messageParts(node.whenTrue), ...messageParts(node.whenFalse)];
  }
  return []; // passed through from Auth0 or another error: nothing to quote
}

function propertiesOf(
  node: ts.Expression | undefined,
  names: string[],
): ts.Expression[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((property) =>
    ts.isPropertyAssignment(property) &&
    ts.isIdentifier(property.name) &&
    names.includes(property.name.text)
      ? [property.initializer]
      : [],
  );
}

/**
 * Every error and warning message built in src/: the argument of each
 * `new ...Error(...)` (or its `message` / `statusText`), each
 * `publishWarnEvent` / `publishErrorEvent` description, and each
 * `logger.warn` / `logger.error` / `warn(...)` message.
 */
function extractMessages(): Message[] {
  const messages: Message[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const add = (node: ts.Node, expressions: ts.Expression[]) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      const at = `${path.relative(ROOT, file)}:${line + 1}`;
      for (const expression of expressions) {
        for (const parts of messageParts(expression)) {
          messages.push({ at, parts });
        }
      }
    };
    const visit = (node: ts.Node) => {
      if (
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text.endsWith('Error')
      ) {
        const args = [...(node.arguments ?? [])];
        add(node, [
          ...propertiesOf(args[0], ['message', 'statusText', 'description']),
          ...args.filter((arg) => !ts.isObjectLiteralExpression(arg)),
        ]);
      }
      // super(...) in a class that extends an error, e.g. MissingScopeError
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.SuperKeyword
      ) {
        const args = [...node.arguments];
        add(node, [
          ...propertiesOf(args[0], ['message', 'statusText', 'description']),
          ...args.filter((arg) => !ts.isObjectLiteralExpression(arg)),
        ]);
      }
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? callee.text
            : '';
        if (name === 'publishWarnEvent' || name === 'publishErrorEvent') {
          add(node, propertiesOf(node.arguments[0], ['description']));
        }
        const isLogger =
          ts.isPropertyAccessExpression(callee) &&
          /logger$/i.test(callee.expression.getText(source)) &&
          (name === 'warn' || name === 'error');
        if (isLogger || (ts.isIdentifier(callee) && name === 'warn')) {
          const last = node.arguments[node.arguments.length - 1];
          if (last) add(node, [last]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return messages;
}

const normalize = (text: string) => text.replace(/`/g, '').replace(/\s+/g, ' ');

describe('README Troubleshooting', () => {
  const messages = extractMessages();
  const lines = section(README, 'Troubleshooting').split('\n').map(normalize);

  test('the extraction finds the messages (it is not vacuous)', () => {
    expect(lines.length).toBeGreaterThan(5);
    const keys = messages.map((m) => m.parts.join(' ... '));
    expect(messages.length).toBeGreaterThanOrEqual(20);
    expect(keys).toEqual(
      expect.arrayContaining([
        'Config requires all of',
        'Auth0 rejected the credentials',
        'Missing Auth0 Management API scope',
        'Insufficient scope',
        'could not reach Auth0 at',
      ]),
    );
  });

  test('quotes every error and warning message in src/', () => {
    const missing = messages
      .filter(
        ({ parts }) =>
          !lines.some((line) => parts.every((part) => line.includes(part))),
      )
      .map(({ at, parts }) => `${at}: ${parts.join(' ... ')}`);
    expect(missing).toEqual([]);
  });
});

describe('README Queries', () => {
  const queries = [
    ...section(README, 'Queries').matchAll(/```j1ql\n([\s\S]*?)```/g),
  ].map((match) => match[1].trim().replace(/\s+/g, ' '));

  // What the converters produce for a generated tenant's records.
  const tenant = generateTenant({
    seed: 3,
    users: 200,
    clients: 20,
    identity: {},
    posture: {},
  });
  const posture = tenant.posture!;
  const dashboard = 'https://manage.auth0.com/dashboard/us/demo-tenant/';
  const entities = [
    createAccountEntity(
      'instance',
      {
        tenant: 'demo-tenant',
        region: 'us',
        host: 'demo-tenant.us.auth0.com',
        domain: 'demo-tenant.us.auth0.com',
      },
      {
        mfaPolicies: posture.guardianPolicies,
        guardianFactors: posture.guardianFactors,
        tenantSettings: posture.tenantSettings,
        bruteForceProtection: posture.bruteForceProtection,
        breachedPasswordDetection: posture.breachedPasswordDetection,
        suspiciousIpThrottling: posture.suspiciousIpThrottling,
      },
    ),
    ...tenant.clients.map((c) =>
      createClientEntity(c as unknown as ClientRecord, dashboard),
    ),
    ...tenant.users.map((u) =>
      createUserEntity(u as unknown as UserRecord, dashboard),
    ),
    ...tenant.roles!.map((r) => createRoleEntity(r, dashboard)),
    ...tenant.resourceServers!.map((s) =>
      createResourceServerEntity(s, dashboard, tenant.audience),
    ),
    ...tenant.organizations!.map((o) => createOrganizationEntity(o, dashboard)),
    ...posture.connections.map((c) =>
      createConnectionEntity(pickConnection(c), dashboard, c.clients.length),
    ),
    ...posture.signingKeys.map((k) =>
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
  const types = Object.values(Entities).map((e) => e._type);

  test('has examples', () => {
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const query of queries) expect(query).toMatch(/^FIND /);
  });

  test.each(queries.map((q) => [q]))(
    '%s: names this integration’s types and properties',
    (query) => {
      // FIND / THAT <type> [WITH <conditions>] [AS <alias>]
      const aliases = new Map<string, string>();
      const clause =
        /\b(?:FIND|IS|HAS|THAT)\s+(auth0_\w+)(?:\s+WITH\s+(.*?))?(?:\s+AS\s+(\w+))?(?=\s+THAT\b|\s+RETURN\b|\s+WHERE\b|$)/gi;
      let found = 0;
      for (const match of query.matchAll(clause)) {
        const [, type, conditions, alias] = match;
        found++;
        expect(types).toContain(type);
        if (alias) aliases.set(alias, type);
        for (const [, property] of (conditions ?? '').matchAll(
          /(\w+)\s*(?:=|!=|<|>|~=|\^=|\$=)/g,
        )) {
          expect({
            type,
            property,
            known: properties.get(type)?.has(property),
          }).toEqual({ type, property, known: true });
        }
      }
      expect(found).toBeGreaterThan(0);
      for (const [, alias, property] of query.matchAll(/\b(\w+)\.(\w+)\b/g)) {
        const type = aliases.get(alias);
        if (!type) continue; // Person, date.now
        expect({
          type,
          property,
          known: properties.get(type)?.has(property),
        }).toEqual({ type, property, known: true });
      }
    },
  );
});

describe('commands and links in the docs', () => {
  const scripts = Object.keys(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
      .scripts,
  );

  test.each([
    ['README.md', README],
    ['docs/development.md', DEVELOPMENT],
  ])('%s: every `npm run X` exists', (_name, text) => {
    const used = [...text.matchAll(/npm run ([\w-]+(?::[\w-]+)*)/g)].map(
      (m) => m[1],
    );
    expect(used.filter((script) => !scripts.includes(script))).toEqual([]);
  });

  test.each([
    ['README.md', README, ROOT],
    ['docs/development.md', DEVELOPMENT, path.join(ROOT, 'docs')],
  ])('%s: every relative link and image exists', (_name, text, base) => {
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(targets.length).toBeGreaterThan(0);
    expect(
      targets.filter((target) => !fs.existsSync(path.join(base, target))),
    ).toEqual([]);
  });

  test('development.md explains the simulator, recordings, adding a step and the package', () => {
    for (const heading of [
      'The simulator',
      'Recordings',
      'Adding a step',
      'The built package',
    ]) {
      expect({
        heading,
        present: section(DEVELOPMENT, heading) !== '',
      }).toEqual({ heading, present: true });
    }
  });
});
