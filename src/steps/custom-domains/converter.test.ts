import { Entities } from '../constants';
import { createCustomDomainEntity } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

test('a domain whose certificate renewal failed', () => {
  const entity = createCustomDomainEntity(
    {
      custom_domain_id: 'cd_1',
      domain: 'auth.acme.com',
      primary: false,
      status: 'ready',
      type: 'auth0_managed_certs',
      certificate: {
        status: 'renewing_failed',
        renews_before: '2026-11-10T00:00:00.000Z',
      },
    },
    DASHBOARD,
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.CUSTOM_DOMAIN._class,
  });
  expect(entity).toMatchObject({
    domainName: 'auth.acme.com',
    ready: true,
    auth0ManagedCertificate: true,
    certificateFailed: true,
    certificateRenewsBeforeOn: Date.parse('2026-11-10T00:00:00.000Z'),
  });
});

test('a minimal domain is named by its id and not ready', () => {
  const entity = createCustomDomainEntity(
    { custom_domain_id: 'cd_2' },
    DASHBOARD,
  );
  expect(entity).toMatchObject({
    domainName: 'cd_2',
    ready: false,
    primary: false,
    certificateFailed: false,
  });
});
