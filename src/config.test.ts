import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import { validateConfigShape } from './config';
import { IntegrationConfig } from './types';

const SECRET = 'very-secret-value-123';
const valid: IntegrationConfig = {
  clientId: 'client-id',
  clientSecret: SECRET,
  domain: 'acme.us.auth0.com',
  audience: 'https://acme.us.auth0.com/api/v2/',
};

describe('validateConfigShape', () => {
  test.each([
    ['a tenant domain', {}],
    ['a custom domain', { domain: 'login.acme.com' }],
    ['a local simulator with a port', { domain: 'localhost:8443' }],
    [
      'a legacy tenant',
      { domain: 'acme.auth0.com', audience: 'https://acme.auth0.com/api/v2/' },
    ],
  ])('accepts %s', (_name, override) => {
    expect(() => validateConfigShape({ ...valid, ...override })).not.toThrow();
  });

  test.each<[string, Partial<IntegrationConfig>, RegExp]>([
    ['missing clientId', { clientId: undefined }, /clientId.*CLIENT_ID/],
    ['empty clientSecret', { clientSecret: '' }, /clientSecret.*CLIENT_SECRET/],
    ['whitespace domain', { domain: '   ' }, /domain.*DOMAIN/],
    ['missing audience', { audience: undefined }, /audience.*AUDIENCE/],
    [
      'scheme in domain',
      { domain: 'https://acme.us.auth0.com' },
      /domain.*without a scheme.*Example: acme\.us\.auth0\.com/,
    ],
    [
      'path in domain',
      { domain: 'acme.us.auth0.com/api/v2' },
      /domain.*without a path.*Example: acme\.us\.auth0\.com/,
    ],
    [
      'invalid host',
      { domain: 'acme_us auth0' },
      /domain is not a valid host name.*Example/,
    ],
    [
      'http audience',
      { audience: 'http://acme.us.auth0.com/api/v2/' },
      /audience must be an https:\/\/ URL.*Example: https:\/\/acme\.us\.auth0\.com\/api\/v2\//,
    ],
    [
      'audience without trailing slash',
      { audience: 'https://acme.us.auth0.com/api/v2' },
      /audience must end with a trailing slash.*Example/,
    ],
    [
      'audience on another host',
      { audience: 'https://acme.example.com/api/v2/' },
      /audience must be your tenant's Management API identifier.*Example/,
    ],
    [
      'audience with another path',
      { audience: 'https://acme.us.auth0.com/userinfo/' },
      /audience must be your tenant's Management API identifier/,
    ],
    [
      'unknown users strategy',
      { usersStrategy: 'fastest' as never },
      /usersStrategy must be one of auto, paged, export/,
    ],
  ])('rejects %s', (_name, override, message) => {
    let error: unknown;
    try {
      validateConfigShape({ ...valid, ...override });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
  });

  test('names every missing field in one error', () => {
    expect(() => validateConfigShape({})).toThrow(
      /clientId, clientSecret, domain, audience.*CLIENT_ID, CLIENT_SECRET, DOMAIN, AUDIENCE/,
    );
  });
});
