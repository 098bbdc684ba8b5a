import { createHash } from 'crypto';

import {
  pickAction,
  pickActionBinding,
  pickCustomDomain,
  pickEmailProvider,
  pickHook,
  pickLogStream,
  pickRule,
  urlHost,
} from './extensibilityRecords';

const SECRET = 'SECRET-4b1d';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('extensibility allow-lists', () => {
  test('an action keeps its identity, secret names and dependencies; code becomes a hash', () => {
    const code = `const key = '${SECRET}';`;
    const action = pickAction({
      id: 'a1',
      name: 'Add roles',
      code,
      runtime: 'node22',
      secrets: [{ name: 'API_KEY', updated_at: '2024-01-01', value: SECRET }],
      dependencies: [
        {
          name: '@acme/x',
          version: '1.0.0',
          registry_url: `https://u:${SECRET}@npm.acme.com/path?token=${SECRET}`,
        },
        { name: 'bad' },
      ],
      deployed_version: {
        id: 'v1',
        number: 2,
        deployed: true,
        code: `${code}//deployed`,
        secrets: [{ name: 'API_KEY', value: SECRET }],
        dependencies: [{ name: 'lodash', version: '4.17.21' }],
        action: { code },
      },
      integration: { name: 'Onfido', catalog_id: 'onfido', secret: SECRET },
      unexpected: SECRET,
    });
    expect(action).toEqual({
      id: 'a1',
      name: 'Add roles',
      runtime: 'node22',
      secrets: [{ name: 'API_KEY', updated_at: '2024-01-01' }],
      dependencies: [
        { name: '@acme/x', version: '1.0.0', registry_host: 'npm.acme.com' },
      ],
      code_sha256: sha(code),
      deployed_version: {
        id: 'v1',
        number: 2,
        deployed: true,
        secrets: [{ name: 'API_KEY' }],
        dependencies: [{ name: 'lodash', version: '4.17.21' }],
        code_sha256: sha(`${code}//deployed`),
      },
      integration: { name: 'Onfido', catalog_id: 'onfido' },
    });
    expect(JSON.stringify(action)).not.toContain(SECRET);
  });

  test('a malformed action keeps what is well formed', () => {
    expect(
      pickAction({
        id: 'a2',
        code: 42,
        supported_triggers: 'post-login',
        dependencies: 'lodash',
        deployed_version: 'v1',
      }),
    ).toEqual({ id: 'a2', supported_triggers: [], dependencies: [] });
  });

  test('a binding keeps its action by id and name only', () => {
    expect(
      pickActionBinding({
        id: 'b1',
        trigger_id: 'post-login',
        display_name: 'Add roles',
        action: { id: 'a1', name: 'Add roles', code: SECRET },
      }),
    ).toEqual({
      id: 'b1',
      trigger_id: 'post-login',
      display_name: 'Add roles',
      action: { id: 'a1', name: 'Add roles' },
    });
  });

  test('rules and hooks drop scripts and secrets', () => {
    expect(
      pickRule({
        id: 'r',
        name: 'n',
        enabled: true,
        order: 1,
        stage: 'login_success',
        script: SECRET,
      }),
    ).toEqual({
      id: 'r',
      name: 'n',
      enabled: true,
      order: 1,
      stage: 'login_success',
    });
    expect(
      pickHook({
        id: 'h',
        triggerId: 'credentials-exchange',
        script: SECRET,
        secrets: { K: SECRET },
        dependencies: { axios: '1.0.0', bad: 3 },
      }),
    ).toEqual({
      id: 'h',
      triggerId: 'credentials-exchange',
      dependencies: { axios: '1.0.0' },
    });
  });

  test('a log stream keeps only its sink’s non-secret identity, the endpoint as a host', () => {
    const stream = pickLogStream({
      id: 'l',
      type: 'http',
      status: 'active',
      filters: [{ type: 'category', name: 'auth.login.fail' }, 'x'],
      sink: {
        httpEndpoint: `https://logs.acme.com/in?token=${SECRET}`,
        httpAuthorization: SECRET,
        httpCustomHeaders: [{ header: 'X', value: SECRET }],
        datadogApiKey: SECRET,
        splunkToken: SECRET,
        segmentWriteKey: SECRET,
        sumoSourceAddress: `https://sumo.example.com/${SECRET}`,
        mixpanelServiceAccountPassword: SECRET,
        awsRegion: 'us-east-1',
      },
    });
    expect(stream).toEqual({
      id: 'l',
      type: 'http',
      status: 'active',
      filters: [{ type: 'category', name: 'auth.login.fail' }],
      sink: { awsRegion: 'us-east-1', httpEndpointHost: 'logs.acme.com' },
    });
  });

  test('urlHost: host only, with or without a scheme; nothing for junk', () => {
    expect(urlHost('https://u:p@Logs.Acme.com:8443/x?y=z')).toBe(
      'logs.acme.com',
    );
    expect(urlHost('logs.acme.com/path')).toBe('logs.acme.com');
    expect(urlHost('')).toBeUndefined();
    expect(urlHost(42)).toBeUndefined();
  });

  test('a custom domain keeps verification method names, not their records', () => {
    expect(
      pickCustomDomain({
        custom_domain_id: 'cd',
        domain: 'login.acme.com',
        verification: {
          status: 'verified',
          methods: [{ name: 'cname', record: 'x.edge.tenants.auth0.com' }],
        },
        certificate: { status: 'provisioned', renews_before: '2027-01-01' },
        domain_metadata: { a: 'b' },
      }),
    ).toEqual({
      custom_domain_id: 'cd',
      domain: 'login.acme.com',
      verification: { status: 'verified', methods: ['cname'] },
      certificate: { status: 'provisioned', renews_before: '2027-01-01' },
    });
  });

  test('the email provider drops credentials and settings', () => {
    expect(
      pickEmailProvider({
        name: 'sendgrid',
        enabled: true,
        default_from_address: 'a@b.c',
        credentials: { api_key: SECRET },
        settings: { x: SECRET },
      }),
    ).toEqual({
      name: 'sendgrid',
      enabled: true,
      default_from_address: 'a@b.c',
    });
  });
});
