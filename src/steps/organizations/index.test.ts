import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

import { buildStepTestConfigForStep } from '../../../test/config';
import {
  executeRecordedStep,
  RECORDING_TENANT,
  setupAuth0Recording,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, identityTruth } from '../../../test/simulator';
import { IntegrationConfig } from '../../types';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { integrationSteps } from '../index';

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

  test('build-organization-members reads the members itself when the fetch step ran in another process', async () => {
    const recording = await setupAuth0Recording({
      directory: __dirname,
      name: 'build-organization-members-alone',
    });
    const { invocationConfig } = buildStepTestConfigForStep(
      Steps.ORGANIZATION_MEMBERS,
      recording.config,
    );
    const instanceConfig: IntegrationConfig = recording.config;
    const executionConfig = invocationConfig.loadExecutionConfig!({
      config: instanceConfig,
    });
    const handler = (id: string) =>
      integrationSteps.find((step) => step.id === id)!.executionHandler;
    const before = {
      ...createMockStepExecutionContext<IntegrationConfig>({ instanceConfig }),
      executionConfig,
    };
    // As `collect --step` with a dependency cache: no fetch-organization-members in this process.
    for (const id of [Steps.ACCOUNT, Steps.ORGANIZATIONS, Steps.USERS]) {
      await handler(id)(before);
    }
    const context = {
      ...createMockStepExecutionContext<IntegrationConfig>({
        instanceConfig,
        entities: before.jobState.collectedEntities,
        setData: before.jobState.collectedData,
      }),
      executionConfig,
    };
    await handler(Steps.ORGANIZATION_MEMBERS)(context);

    const members = context.jobState.collectedRelationships;
    expect(members).toHaveLength(truth.organizationMemberships);
    const users = new Set(tenant.users.map((u) => u.user_id));
    expect(
      new Set(members.map((r) => `${r._fromEntityKey} ${r._toEntityKey}`)),
    ).toEqual(
      new Set(
        organizations.flatMap((o) =>
          o.members
            .filter((m) => users.has(m.user_id))
            .map((m) => `${o.id} ${m.user_id}`),
        ),
      ),
    );
    expect(
      await context.jobState.getData(DataKeys.ORGANIZATION_MEMBERS_SPOOL),
    ).toBeUndefined();
  });
});
