import { pickResourceServer } from '../../api/records';
import { Entities } from '../constants';
import { createResourceServerEntity } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const AUDIENCE = 'https://acme.us.auth0.com/api/v2/';

const rawServer = {
  id: '65f1c0ffee',
  name: 'Billing API',
  identifier: 'https://billing.acme.com/',
  is_system: false,
  scopes: [
    { value: 'read:invoices', description: 'Read invoices' },
    { value: 'delete:invoices', description: 'Delete invoices', extra: 'x' },
  ],
  signing_alg: 'HS256',
  signing_secret: 'hs256-signing-secret-value',
  token_encryption: { encryption_key: { pem: 'encryption-pem-value' } },
  allow_offline_access: true,
  skip_consent_for_verifiable_first_party_clients: true,
  token_lifetime: 3600,
  token_lifetime_for_web: 7200,
  token_dialect: 'access_token_authz',
  enforce_policies: true,
  client_id: 'linked-client',
};

describe('createResourceServerEntity', () => {
  const entity = createResourceServerEntity(
    pickResourceServer(rawServer),
    DASHBOARD,
    AUDIENCE,
  );

  test('keys the API by identifier with its token settings and scopes', () => {
    expect(entity).toMatchObject({
      _key: 'https://billing.acme.com/',
      _type: 'auth0_server',
      _class: ['Host', 'Gateway', 'ApplicationEndpoint'],
      id: '65f1c0ffee',
      name: 'Billing API',
      identifier: 'https://billing.acme.com/',
      address: 'https://billing.acme.com/',
      isSystem: false,
      managementApi: false,
      scopes: ['read:invoices', 'delete:invoices'],
      signingAlg: 'HS256',
      tokenLifetime: 3600,
      tokenLifetimeForWeb: 7200,
      allowOfflineAccess: true,
      skipConsentForVerifiableFirstPartyClients: true,
      tokenDialect: 'access_token_authz',
      rbacEnabled: true,
      webLink: `${DASHBOARD}apis/65f1c0ffee/settings`,
    });
    expect([entity]).toMatchGraphObjectSchema(Entities.SERVER);
  });

  test('keeps the previous integration’s Host and Gateway properties', () => {
    expect(entity).toMatchObject({
      hostname: 'https://billing.acme.com/',
      category: ['network'],
      function: ['api-gateway'],
      public: false,
      offlineAccess: true,
    });
  });

  test('never carries the signing secret or the token encryption key', () => {
    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('hs256-signing-secret-value');
    expect(serialized).not.toContain('encryption-pem-value');
    expect(serialized).not.toContain('linked-client');
  });

  test('marks the tenant Management API', () => {
    const management = createResourceServerEntity(
      pickResourceServer({
        id: 'mgmt',
        name: 'Auth0 Management API',
        identifier: AUDIENCE,
        is_system: true,
        scopes: [{ value: 'read:users' }],
      }),
      DASHBOARD,
      AUDIENCE,
    );
    expect(management).toMatchObject({ isSystem: true, managementApi: true });
  });

  test('tolerates a minimal or malformed record', () => {
    const bare = createResourceServerEntity(
      pickResourceServer({
        identifier: 'urn:bare',
        scopes: 'read:everything',
        token_lifetime: 'forever',
      }),
      DASHBOARD,
      AUDIENCE,
    );
    expect(bare).toMatchObject({
      _key: 'auth0-api:urn:bare',
      identifier: 'urn:bare',
      name: 'urn:bare',
      scopes: [],
      isSystem: false,
      webLink: `${DASHBOARD}apis`,
    });
    expect(bare.tokenLifetime).toBeUndefined();
    expect([bare]).toMatchGraphObjectSchema(Entities.SERVER);
  });
});
