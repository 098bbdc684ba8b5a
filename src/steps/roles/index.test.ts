import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, identityTruth } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';

const tenant = generateTenant(RECORDING_TENANT);
const truth = identityTruth(tenant);
const roles = tenant.roles!;

describe('roles', () => {
  afterEach(stopRecordings);

  test('fetch-roles collects every role with its HAS relationship', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-roles',
      step: Steps.ROLES,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    const entities = result.collectedEntities;
    expect(entities.map((e) => e._key).sort()).toEqual(
      roles.map((r) => r.id).sort(),
    );
    for (const role of roles) {
      expect(entities.find((e) => e._key === role.id)).toMatchObject({
        _type: Entities.ROLE._type,
        name: role.name,
        description: role.description,
        webLink: `https://manage.auth0.com/dashboard/us/demo-tenant/roles/${role.id}/settings`,
      });
    }
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_ROLE._type,
      ),
    ).toHaveLength(roles.length);
  });

  test('build-user-role-relationships links every member, past the first page of 100', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-user-role-relationships',
      step: Steps.USER_ROLES,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    const assigned = result.collectedRelationships;
    expect(assigned).toHaveLength(truth.roleAssignments);
    const pairs = new Set(
      assigned.map((r) => `${r._fromEntityKey} ${r._toEntityKey}`),
    );
    expect(pairs).toEqual(
      new Set(
        roles.flatMap((role) =>
          role.members.map((user) => `${user} ${role.id}`),
        ),
      ),
    );
    const bigRole = roles[0];
    expect(bigRole.members.length).toBeGreaterThan(100);
    expect(assigned.filter((r) => r._toEntityKey === bigRole.id)).toHaveLength(
      bigRole.members.length,
    );
    expect(assigned.every((r) => r._class === 'ASSIGNED')).toBe(true);
  });

  test('build-role-permission-relationships carries each role’s permissions per API', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-role-permission-relationships',
      step: Steps.ROLE_PERMISSIONS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    const protects = result.collectedRelationships;
    expect(protects).toHaveLength(truth.rolePermissionLinks);
    for (const role of roles) {
      const byServer = new Map<string, string[]>();
      for (const p of role.permissions) {
        byServer.set(p.resource_server_identifier, [
          ...(byServer.get(p.resource_server_identifier) ?? []),
          p.permission_name,
        ]);
      }
      for (const [server, names] of byServer) {
        expect(
          protects.find(
            (r) => r._fromEntityKey === role.id && r._toEntityKey === server,
          ),
        ).toMatchObject({
          _type: 'auth0_role_protects_server',
          _class: 'PROTECTS',
          permissions: [...names].sort().join(' '),
          permissionCount: names.length,
        });
      }
    }
  });
});
