import { createAccountEntity, getDashboardUrl, parseTenant } from './converter';

test.each([
  ['https://acme.us.auth0.com/api/v2/', 'acme', 'us', 'acme.us.auth0.com'],
  ['https://acme.eu.auth0.com/api/v2/', 'acme', 'eu', 'acme.eu.auth0.com'],
  ['https://legacy.auth0.com/api/v2/', 'legacy', 'us', 'legacy.auth0.com'],
])('parseTenant(%s)', (audience, tenant, region, host) => {
  expect(parseTenant('login.acme.com', audience)).toEqual({
    tenant,
    region,
    host,
    domain: 'login.acme.com',
  });
});

test('the account is keyed by the instance and links to the tenant dashboard', () => {
  const info = parseTenant(
    'login.acme.com',
    'https://acme.eu.auth0.com/api/v2/',
  );
  const account = createAccountEntity('instance-1', info);
  expect(account).toMatchObject({
    _key: 'auth0-account:instance-1',
    _type: 'auth0_account',
    _class: ['Account'],
    id: 'acme',
    name: 'acme.eu.auth0.com',
    displayName: 'acme.eu.auth0.com',
    tenant: 'acme',
    region: 'eu',
    domain: 'login.acme.com',
    webLink: 'https://manage.auth0.com/dashboard/eu/acme/',
  });
  expect(getDashboardUrl(info)).toBe(account.webLink);
});
