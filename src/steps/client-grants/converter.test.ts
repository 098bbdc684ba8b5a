import { pickClientGrant } from '../../api/records';
import { Relationships } from '../constants';
import { createResourceServerEntity } from '../resource-servers/converter';
import { createClientGrantRelationship, isWriteScope } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const AUDIENCE = 'https://acme.us.auth0.com/api/v2/';

const management = createResourceServerEntity(
  {
    id: 'mgmt',
    name: 'Auth0 Management API',
    identifier: AUDIENCE,
    is_system: true,
    scopes: [
      { value: 'read:users' },
      { value: 'update:users' },
      { value: 'delete:clients' },
    ],
  },
  DASHBOARD,
  AUDIENCE,
);
const orders = createResourceServerEntity(
  { id: 'orders', identifier: 'https://api.acme.com/orders', scopes: [] },
  DASHBOARD,
  AUDIENCE,
);

test.each([
  ['read:users', false],
  ['create:users', true],
  ['update:users', true],
  ['delete:clients', true],
  ['read:update:confusing', false],
  ['offline_access', false],
])('isWriteScope(%s) = %s', (scope, expected) => {
  expect(isWriteScope(scope)).toBe(expected);
});

describe('createClientGrantRelationship', () => {
  test('a Management API grant with write scopes is easy to find', () => {
    const relationship = createClientGrantRelationship(
      pickClientGrant({
        id: 'cgr_1',
        client_id: 'prov-client',
        audience: AUDIENCE,
        scope: ['read:users', 'update:users', 'delete:clients', 'read:users'],
        subject_type: 'client',
        organization_usage: 'deny',
        allow_any_organization: false,
        is_system: false,
      }),
      'prov-client',
      management,
    );
    expect(relationship).toEqual({
      _key: `prov-client|uses|${AUDIENCE}`,
      _type: Relationships.CLIENT_USES_SERVER._type,
      _class: 'USES',
      _fromEntityKey: 'prov-client',
      _toEntityKey: AUDIENCE,
      displayName: 'USES',
      grantId: 'cgr_1',
      audience: AUDIENCE,
      scopes: 'delete:clients read:users update:users',
      scopeCount: 3,
      writeScopes: 'delete:clients update:users',
      hasWriteScopes: true,
      managementApi: true,
      allowAllScopes: false,
      subjectType: 'client',
      organizationUsage: 'deny',
      allowAnyOrganization: false,
    });
  });

  test('a read-only grant on another API has no write scopes', () => {
    const relationship = createClientGrantRelationship(
      pickClientGrant({
        id: 'cgr_2',
        client_id: 'reader',
        audience: 'https://api.acme.com/orders',
        scope: ['read:orders'],
      }),
      'reader',
      orders,
    );
    expect(relationship).toMatchObject({
      scopes: 'read:orders',
      hasWriteScopes: false,
      managementApi: false,
    });
    expect(relationship.writeScopes).toBeUndefined();
  });

  test('allow_all_scopes grants every scope the API defines', () => {
    const relationship = createClientGrantRelationship(
      pickClientGrant({
        id: 'cgr_3',
        client_id: 'all',
        audience: AUDIENCE,
        allow_all_scopes: true,
      }),
      'all',
      management,
    );
    expect(relationship).toMatchObject({
      allowAllScopes: true,
      scopes: 'delete:clients read:users update:users',
      hasWriteScopes: true,
    });
  });

  test('a user-access grant for the same pair gets its own key; malformed scopes are ignored', () => {
    const relationship = createClientGrantRelationship(
      pickClientGrant({
        id: 'cgr_4',
        client_id: 'spa',
        audience: 'https://api.acme.com/orders',
        scope: 'read:orders',
        subject_type: 'user',
      }),
      'spa',
      orders,
    );
    expect(relationship).toMatchObject({
      _key: 'spa|uses|https://api.acme.com/orders|user',
      scopeCount: 0,
      subjectType: 'user',
    });
    expect(relationship.scopes).toBeUndefined();
  });
});
