import { pickOrganization, pickOrganizationMember } from '../../api/records';
import { Entities, Relationships } from '../constants';
import {
  createOrganizationEntity,
  createOrganizationMemberRelationship,
} from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

describe('createOrganizationEntity', () => {
  test('keys the organization by id and keeps no metadata or branding', () => {
    const organization = createOrganizationEntity(
      pickOrganization({
        id: 'org_Gl0b3x',
        name: 'globex',
        display_name: 'Globex Corporation',
        metadata: { scim_token: 'metadata-secret-value' },
        branding: { logo_url: 'https://cdn.acme.com/globex.png' },
      }),
      DASHBOARD,
    );
    expect(organization).toMatchObject({
      _key: 'org_Gl0b3x',
      _type: 'auth0_organization',
      _class: ['Organization'],
      id: 'org_Gl0b3x',
      name: 'globex',
      displayName: 'Globex Corporation',
      webLink: `${DASHBOARD}organizations/org_Gl0b3x/overview`,
    });
    expect(JSON.stringify(organization)).not.toContain('metadata-secret-value');
    expect([organization]).toMatchGraphObjectSchema(Entities.ORGANIZATION);
  });

  test('falls back to the name, then the id', () => {
    expect(
      createOrganizationEntity(
        pickOrganization({ id: 'org_1', name: 'x' }),
        DASHBOARD,
      ),
    ).toMatchObject({ name: 'x', displayName: 'x' });
    expect(
      createOrganizationEntity(pickOrganization({ id: 'org_2' }), DASHBOARD),
    ).toMatchObject({ name: 'org_2', displayName: 'org_2' });
  });
});

describe('createOrganizationMemberRelationship', () => {
  const organization = createOrganizationEntity(
    { id: 'org_1', name: 'globex' },
    DASHBOARD,
  );

  test('carries the member roles when they were read', () => {
    const member = pickOrganizationMember({
      user_id: 'auth0|abc',
      email: 'dropped@example.com',
      roles: [
        { id: 'rol_1', name: 'Org Admin' },
        { id: 'rol_2', name: 'Support Agent', extra: 'x' },
        'not-a-role',
        {},
      ],
    });
    expect(
      createOrganizationMemberRelationship(
        organization,
        member.user_id,
        member.roles,
      ),
    ).toEqual({
      _key: 'org_1|has|auth0|abc',
      _type: Relationships.ORGANIZATION_HAS_USER._type,
      _class: 'HAS',
      _fromEntityKey: 'org_1',
      _toEntityKey: 'auth0|abc',
      displayName: 'HAS',
      roles: 'Org Admin, Support Agent',
      roleIds: 'rol_1,rol_2',
      roleCount: 2,
    });
  });

  test('an empty role list is recorded as none; unread roles are left out', () => {
    expect(
      createOrganizationMemberRelationship(organization, 'auth0|abc', []),
    ).toMatchObject({ roleCount: 0 });
    expect(
      createOrganizationMemberRelationship(organization, 'auth0|abc', []).roles,
    ).toBeUndefined();
    const unread = createOrganizationMemberRelationship(
      organization,
      'auth0|abc',
      pickOrganizationMember({ user_id: 'auth0|abc' }).roles,
    );
    expect(unread).not.toHaveProperty('roles');
    expect(unread).not.toHaveProperty('roleCount');
  });
});
