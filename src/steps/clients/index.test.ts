import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant } from '../../../test/simulator';
import { Relationships, Steps } from '../constants';

describe('fetch-clients', () => {
  afterEach(stopRecordings);

  test('collects every client with its HAS relationship and no secret', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-clients',
      step: Steps.CLIENTS,
    });
    const truth = generateTenant(RECORDING_TENANT);

    expect(result).toMatchStepMetadata(stepConfig);
    const clients = result.collectedEntities.filter(
      (e) => e._type === 'auth0_client',
    );
    expect(clients).toHaveLength(truth.clients.length);
    expect(new Set(clients.map((c) => c._key))).toEqual(
      new Set(truth.clients.map((c) => c.client_id)),
    );
    expect(clients).toMatchGraphObjectSchema({
      _class: ['Application'],
      schema: {
        additionalProperties: true,
        properties: {
          _type: { const: 'auth0_client' },
          clientId: { type: 'string' },
          grantTypes: { type: 'array', items: { type: 'string' } },
          webLink: { type: 'string', format: 'url' },
        },
        required: ['clientId', 'grantTypes', 'webLink'],
      },
    });
    for (const client of truth.clients) {
      const entity = clients.find((c) => c._key === client.client_id)!;
      expect(entity.appType).toBe(client.app_type);
      expect(entity.grantTypes).toEqual(client.grant_types ?? []);
      expect(entity.isFirstParty).toBe(client.is_first_party);
    }
    expect(new Set(clients.map((c) => c.appType))).toEqual(
      expect.objectContaining({ size: expect.any(Number) }),
    );
    expect(clients.map((c) => c.appType)).toEqual(
      expect.arrayContaining([
        'spa',
        'regular_web',
        'native',
        'non_interactive',
      ]),
    );

    const serialized = JSON.stringify(result.collectedEntities);
    expect(serialized).not.toContain(RECORDING_TENANT.canary);

    const hasClient = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_CLIENT._type,
    );
    expect(hasClient).toHaveLength(truth.clients.length);
  });
});
