import { pickClient } from '../../api/records';
import { createClientEntity } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/eu/acme/';

const rawClient = {
  client_id: 'AbCdEf0123456789',
  tenant: 'acme',
  name: 'Storefront',
  description: 'Customer-facing shop',
  app_type: 'spa',
  is_first_party: true,
  oidc_conformant: true,
  grant_types: ['authorization_code', 'implicit', 'refresh_token'],
  callbacks: ['https://shop.acme.com/callback'],
  allowed_origins: ['https://shop.acme.com'],
  web_origins: ['https://shop.acme.com'],
  allowed_logout_urls: ['https://shop.acme.com'],
  token_endpoint_auth_method: 'none',
  cross_origin_auth: false,
  sso: false,
  sso_disabled: false,
  refresh_token: {
    rotation_type: 'rotating',
    expiration_type: 'expiring',
    leeway: 0,
    token_lifetime: 2592000,
    infinite_token_lifetime: false,
    idle_token_lifetime: 1296000,
    infinite_idle_token_lifetime: false,
  },
  client_secret: 'client-secret-value',
  signing_keys: [{ cert: 'signing-cert-value', pkcs7: 'pkcs7-value' }],
  encryption_key: { pub: 'pub', cert: 'encryption-cert-value' },
  jwt_configuration: {
    alg: 'RS256',
    secret_encoded: true,
    secret: 'jwt-secret-value',
  },
  addons: { aws: { principal: 'arn', private_key: 'addon-private-key' } },
  client_metadata: { note: 'client-metadata-value' },
  mobile: { android: { app_package_name: 'mobile-value' } },
  native_social_login: { apple: { enabled: true } },
};

describe('createClientEntity', () => {
  const entity = createClientEntity(pickClient(rawClient), DASHBOARD);

  test('keys the client by client_id with the security properties a reviewer needs', () => {
    expect(entity).toMatchObject({
      _key: 'AbCdEf0123456789',
      _type: 'auth0_client',
      _class: ['Application'],
      clientId: 'AbCdEf0123456789',
      name: 'Storefront',
      description: 'Customer-facing shop',
      appType: 'spa',
      isFirstParty: true,
      oidcConformant: true,
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      implicitGrant: true,
      passwordGrant: false,
      callbacks: ['https://shop.acme.com/callback'],
      allowedOrigins: ['https://shop.acme.com'],
      webOrigins: ['https://shop.acme.com'],
      allowedLogoutUrls: ['https://shop.acme.com'],
      tokenEndpointAuthMethod: 'none',
      publicClient: true,
      crossOriginAuth: false,
      sso: false,
      refreshTokenRotationType: 'rotating',
      refreshTokenExpirationType: 'expiring',
      tokenExpirationType: 'expiring',
      tokenTokenLifetime: 2592000,
      webLink: `${DASHBOARD}applications/AbCdEf0123456789/settings`,
    });
  });

  test('carries no secret in properties or raw data', () => {
    const serialized = JSON.stringify(entity);
    for (const secret of [
      'client-secret-value',
      'signing-cert-value',
      'pkcs7-value',
      'encryption-cert-value',
      'jwt-secret-value',
      'addon-private-key',
      'client-metadata-value',
      'mobile-value',
      'native_social_login',
    ]) {
      expect(serialized).not.toContain(secret);
    }
  });

  test('names a client without a name or description by its id', () => {
    const bare = createClientEntity(
      pickClient({ client_id: 'bare', name: '' }),
      DASHBOARD,
    );
    expect(bare).toMatchObject({ name: 'bare', displayName: 'bare' });
    expect(bare.description).toBeUndefined();
  });
});
