import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, TenantSpec } from '../../../test/simulator';
import { Relationships, Steps } from '../constants';

const LARGE_TENANT: TenantSpec = {
  ...RECORDING_TENANT,
  seed: 11,
  users: 1150,
  clients: 3,
  bulkImport: 0,
};

describe('fetch-users', () => {
  afterEach(stopRecordings);

  test('collects every user of the tenant with its HAS relationship', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-users',
      step: Steps.USERS,
    });
    const truth = generateTenant(RECORDING_TENANT);

    expect(result).toMatchStepMetadata(stepConfig);
    const users = result.collectedEntities.filter(
      (e) => e._type === 'auth0_user',
    );
    expect(users).toHaveLength(truth.users.length);
    expect(new Set(users.map((u) => u._key))).toEqual(
      new Set(truth.users.map((u) => u.user_id)),
    );
    expect(users).toMatchGraphObjectSchema({
      _class: ['User'],
      schema: {
        additionalProperties: true,
        properties: {
          _type: { const: 'auth0_user' },
          userId: { type: 'string' },
          emailVerified: { type: 'boolean' },
          loginsCount: { type: 'number' },
          blocked: { type: 'boolean' },
          mfaEnabled: { type: 'boolean' },
          multifactor: { type: 'array', items: { type: 'string' } },
          connections: { type: 'array', items: { type: 'string' } },
          createdOn: { type: 'number' },
          webLink: { type: 'string', format: 'url' },
          _rawData: {
            type: 'array',
            items: { type: 'object' },
          },
        },
        required: [
          'userId',
          'createdOn',
          'webLink',
          'active',
          'blocked',
          'mfaEnabled',
        ],
      },
    });

    // Property values follow the tenant's ground truth.
    for (const user of truth.users) {
      const entity = users.find((u) => u._key === user.user_id)!;
      expect(entity.blocked).toBe(user.blocked === true);
      expect(entity.mfaEnabled).toBe(
        Array.isArray(user.multifactor) && user.multifactor.length > 0,
      );
      expect(entity.createdOn).toBe(Date.parse(user.created_at));
      // The previous integration's ISO string, beside the number.
      expect(entity.createdAt).toBe(new Date(user.created_at).toISOString());
      expect(entity.multifactor).toEqual(user.multifactor);
      expect(entity.connections).toEqual([
        ...new Set(user.identities.map((i) => i.connection)),
      ]);
    }
    expect(users.some((u) => u.blocked)).toBe(true);
    expect(users.some((u) => u.mfaEnabled)).toBe(true);
    expect(users.some((u) => u.email === undefined)).toBe(true);

    const hasUser = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_USER._type,
    );
    expect(hasUser).toHaveLength(truth.users.length);
  });

  test('collects every user past the 1,000-result search limit by created_at windows', async () => {
    const { result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-users-windows',
      step: Steps.USERS,
      tenant: LARGE_TENANT,
      config: { usersStrategy: 'paged' },
    });
    const truth = generateTenant(LARGE_TENANT);
    const keys = result.collectedEntities
      .filter((e) => e._type === 'auth0_user')
      .map((u) => u._key);
    expect(keys).toHaveLength(truth.users.length);
    expect(new Set(keys)).toEqual(new Set(truth.users.map((u) => u.user_id)));
  });
});
