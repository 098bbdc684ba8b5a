import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, identityTruth } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';

const tenant = generateTenant(RECORDING_TENANT);
const truth = identityTruth(tenant);
const organizations = tenant.organizations!;

describe('organizations', () => {
  afterEach(stopRecordings);

  test('fetch-organizations collects every organization and no metadata', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-organizations',
      step: Steps.ORGANIZATIONS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    for (const organization of organizations) {
      expect(
        result.collectedEntities.find((e) => e._key === organization.id),
      ).toMatchObject({
        _type: Entities.ORGANIZATION._type,
        name: organization.name,
        displayName: organization.display_name,
      });
    }
    expect(result.collectedEntities).toHaveLength(organizations.length);
    expect(JSON.stringify(result.collectedEntities)).not.toContain(
      RECORDING_TENANT.canary,
    );
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_ORGANIZATION._type,
      ),
    ).toHaveLength(organizations.length);
  });

  test('build-organization-members links every member that is a user, with their roles', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-organization-members',
      step: Steps.ORGANIZATION_MEMBERS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    const members = result.collectedRelationships;
    expect(members).toHaveLength(truth.organizationMemberships);
    // The member listed after their user was deleted is skipped, not dangling.
    expect(truth.staleMembers).toBe(1);
    expect(organizations[0].members.length).toBeGreaterThan(100);
    const roleNames = new Map(tenant.roles!.map((r) => [r.id, r.name]));
    const users = new Set(tenant.users.map((u) => u.user_id));
    for (const organization of organizations) {
      for (const member of organization.members) {
        const relationship = members.find(
          (r) =>
            r._fromEntityKey === organization.id &&
            r._toEntityKey === member.user_id,
        );
        if (!users.has(member.user_id)) {
          expect(relationship).toBeUndefined();
          continue;
        }
        expect(relationship).toMatchObject({
          _type: Relationships.ORGANIZATION_HAS_USER._type,
          roleCount: member.roles.length,
        });
        expect(relationship?.roles).toBe(
          member.roles.map((id) => roleNames.get(id)).join(', ') || undefined,
        );
        expect(relationship?.roleIds).toBe(member.roles.join(',') || undefined);
      }
    }
    expect(members.filter((r) => (r.roleCount as number) > 0)).toHaveLength(
      truth.membershipsWithRoles,
    );
  });
});
