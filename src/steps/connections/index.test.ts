import {
  executeRecordedStep,
  RECORDING_CANARY,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, postureTruth } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';

const tenant = generateTenant(RECORDING_TENANT);
const truth = postureTruth(tenant)!;
const connections = tenant.posture!.connections;

describe('connections', () => {
  afterEach(stopRecordings);

  test('fetch-connections collects every connection with its policy, and the clients it is enabled for', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-connections',
      step: Steps.CONNECTIONS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toHaveLength(truth.connections);
    for (const connection of connections) {
      expect(
        result.collectedEntities.find((e) => e._key === connection.id),
      ).toMatchObject({
        _type: Entities.CONNECTION._type,
        name: connection.name,
        strategy: connection.strategy,
        enabledClientCount: connection.clients.length,
      });
    }
    expect(
      result.collectedEntities.filter(
        (e) => e.database && e.bruteForceProtection === false,
      ),
    ).toHaveLength(truth.connectionsWithoutBruteForceProtection);
    const byType = (type: string) =>
      result.collectedRelationships.filter((r) => r._type === type);
    expect(byType(Relationships.ACCOUNT_HAS_CONNECTION._type)).toHaveLength(
      truth.connections,
    );
    expect(byType(Relationships.CLIENT_USES_CONNECTION._type)).toHaveLength(
      truth.clientConnectionLinks,
    );
    const output = JSON.stringify([
      result.collectedEntities,
      result.collectedRelationships,
    ]);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/client_secret|twilio_token|PRIVATE KEY/);
  });

  test('build-connection-user-relationships links every user to the connections of its identities', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'build-connection-user-relationships',
      step: Steps.CONNECTION_USERS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedRelationships).toHaveLength(
      truth.connectionUserLinks,
    );
    const ids = new Map(connections.map((c) => [c.name, c.id]));
    for (const user of tenant.users.slice(0, 40)) {
      const connection = ids.get(user.identities[0].connection as string);
      expect(
        result.collectedRelationships.find(
          (r) =>
            r._fromEntityKey === connection && r._toEntityKey === user.user_id,
        ),
      ).toMatchObject({ _type: Relationships.CONNECTION_HAS_USER._type });
    }
  });
});
