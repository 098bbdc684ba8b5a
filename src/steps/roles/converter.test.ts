import { pickRole, pickRolePermission } from '../../api/records';
import { Entities, Relationships } from '../constants';
import {
  createRoleEntity,
  createRolePermissionRelationship,
  createUserRoleRelationship,
  groupPermissionsByServer,
} from './converter';
import { createResourceServerEntity } from '../resource-servers/converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/eu/acme/';

describe('createRoleEntity', () => {
  test('keys the role by id with a dashboard link', () => {
    const role = createRoleEntity(
      pickRole({
        id: 'rol_AbC123',
        name: 'Support Agent',
        description: 'Look up orders',
        unexpected: 'dropped',
      }),
      DASHBOARD,
    );
    expect(role).toMatchObject({
      _key: 'rol_AbC123',
      _type: 'auth0_role',
      _class: ['AccessRole'],
      id: 'rol_AbC123',
      name: 'Support Agent',
      displayName: 'Support Agent',
      description: 'Look up orders',
      webLink: `${DASHBOARD}roles/rol_AbC123/settings`,
    });
    expect(JSON.stringify(role)).not.toContain('dropped');
    expect([role]).toMatchGraphObjectSchema(Entities.ROLE);
  });

  test('names a role without a name by its id', () => {
    const role = createRoleEntity(
      pickRole({ id: 'rol_x', name: ' ' }),
      DASHBOARD,
    );
    expect(role).toMatchObject({ name: 'rol_x', displayName: 'rol_x' });
    expect(role.description).toBeUndefined();
  });
});

describe('groupPermissionsByServer', () => {
  test('groups names by API, sorted and once each, and skips malformed entries', () => {
    const grouped = groupPermissionsByServer(
      [
        {
          resource_server_identifier: 'https://api.acme.com/orders',
          permission_name: 'update:orders',
        },
        {
          resource_server_identifier: 'https://api.acme.com/orders',
          permission_name: 'read:orders',
        },
        {
          resource_server_identifier: 'https://api.acme.com/orders',
          permission_name: 'read:orders',
        },
        {
          resource_server_identifier: 'urn:acme:inventory',
          permission_name: 'read:stock',
          resource_server_name: 'Inventory API',
        },
        { resource_server_identifier: '', permission_name: 'read:nothing' },
        { permission_name: 'read:orphan' },
        {
          resource_server_identifier: 'urn:acme:inventory',
          permission_name: 7,
        },
      ].map((raw) => pickRolePermission(raw as Record<string, unknown>)),
    );
    expect([...grouped]).toEqual([
      ['https://api.acme.com/orders', ['read:orders', 'update:orders']],
      ['urn:acme:inventory', ['read:stock']],
    ]);
  });
});

describe('role relationships', () => {
  const role = createRoleEntity({ id: 'rol_1', name: 'Admin' }, DASHBOARD);
  const server = createResourceServerEntity(
    {
      id: 'api1',
      name: 'Orders API',
      identifier: 'https://api.acme.com/orders',
    },
    DASHBOARD,
    'https://acme.eu.auth0.com/api/v2/',
  );

  test('a user is ASSIGNED the role, by user key', () => {
    expect(createUserRoleRelationship('google-oauth2|123', role)).toEqual({
      _key: 'google-oauth2|123|assigned|rol_1',
      _type: Relationships.USER_ASSIGNED_ROLE._type,
      _class: 'ASSIGNED',
      _fromEntityKey: 'google-oauth2|123',
      _toEntityKey: 'rol_1',
      displayName: 'ASSIGNED',
    });
  });

  test('the role PROTECTS the API (the previous type and key) with its permission names as one string', () => {
    const relationship = createRolePermissionRelationship(role, server, [
      'read:orders',
      'update:orders',
    ]);
    expect(relationship).toMatchObject({
      _key: 'rol_1|protects|https://api.acme.com/orders',
      _type: 'auth0_role_protects_server',
      _class: 'PROTECTS',
      _fromEntityKey: 'rol_1',
      _toEntityKey: 'https://api.acme.com/orders',
      permissions: 'read:orders update:orders',
      permissionCount: 2,
    });
  });
});
