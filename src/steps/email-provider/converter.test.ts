import { Entities } from '../constants';
import { createEmailProviderEntity } from './converter';

test('the email provider is a Service keyed by the account', () => {
  const entity = createEmailProviderEntity(
    { name: 'ses', enabled: false, default_from_address: 'no-reply@acme.com' },
    'auth0-account:1',
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.EMAIL_PROVIDER._class,
  });
  expect(entity).toMatchObject({
    _key: 'auth0-account:1:email-provider',
    provider: 'ses',
    enabled: false,
    active: false,
    defaultFromAddress: 'no-reply@acme.com',
    function: ['email'],
  });
});
