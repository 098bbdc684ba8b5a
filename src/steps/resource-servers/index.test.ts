import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';

describe('fetch-resource-servers', () => {
  afterEach(stopRecordings);

  test('collects every API, the Management API marked, and no signing secret', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-resource-servers',
      step: Steps.RESOURCE_SERVERS,
    });
    const truth = generateTenant(RECORDING_TENANT);

    expect(result).toMatchStepMetadata(stepConfig);
    const servers = result.collectedEntities.filter(
      (e) => e._type === Entities.SERVER._type,
    );
    expect(servers.map((s) => s._key).sort()).toEqual(
      truth.resourceServers!.map((s) => s.identifier).sort(),
    );
    expect(servers).toMatchGraphObjectSchema({
      _class: Entities.SERVER._class,
      schema: {
        additionalProperties: true,
        properties: {
          _type: { const: Entities.SERVER._type },
          identifier: { type: 'string' },
          address: { type: 'string' },
          managementApi: { type: 'boolean' },
          scopes: { type: 'array', items: { type: 'string' } },
          webLink: { type: 'string', format: 'url' },
        },
        required: ['identifier', 'address', 'managementApi', 'scopes'],
      },
    });
    for (const server of truth.resourceServers!) {
      const entity = servers.find((s) => s._key === server.identifier)!;
      expect(entity).toMatchObject({
        name: server.name,
        isSystem: server.is_system === true,
        managementApi: server.identifier === truth.audience,
        signingAlg: server.signing_alg,
        tokenLifetime: server.token_lifetime,
        scopes: server.scopes.map((s) => s.value),
      });
    }
    expect(servers.filter((s) => s.managementApi)).toHaveLength(1);

    expect(JSON.stringify(result.collectedEntities)).not.toContain(
      RECORDING_TENANT.canary,
    );
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_SERVER._type,
      ),
    ).toHaveLength(truth.resourceServers!.length);
  });
});
