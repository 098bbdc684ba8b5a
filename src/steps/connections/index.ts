import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { ConnectionRecord } from '../../api/postureRecords';
import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { addAccountEntity, getAccountContext } from '../account';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { UserConnectionKeys } from '../users/connectionKeys';
import {
  createClientConnectionRelationship,
  createConnectionEntity,
  createConnectionUserRelationship,
} from './converter';
import { forEachConcurrently } from '../taskPool';

type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

export async function fetchConnections({
  executionConfig,
  instance,
  jobState,
  logger,
}: StepContext): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  let notCollected = 0;

  // Each connection's enabled clients are an independent list: several are read at once.
  await forEachConcurrently<ConnectionRecord>(
    (each) => client.posture.iterateConnections(each),
    async (record) => {
      // The count goes on the entity, so the enabled clients are read first.
      const clientIds: string[] = [];
      await client.posture.iterateConnectionClients(
        record.id,
        async ({ client_id }) => {
          clientIds.push(client_id);
        },
      );
      const entity = await addAccountEntity(
        jobState,
        account,
        createConnectionEntity(record, dashboardUrl, clientIds.length),
      );
      for (const clientId of clientIds) {
        // Auth0's own clients (and any the clients step missed) are not in the graph.
        if (!(await jobState.hasKey(clientId))) {
          notCollected += 1;
          continue;
        }
        await jobState.addRelationship(
          createClientConnectionRelationship(clientId, entity),
        );
      }
    },
  );
  if (notCollected > 0) {
    logger.info(
      { notCollected },
      `Skipped ${notCollected} enabled clients of connections that are not collected clients`,
    );
  }
}

/** Links each user to the connections of its identities, by connection name. */
export async function buildConnectionUserRelationships({
  jobState,
  logger,
}: StepContext): Promise<void> {
  const connectionKeys = new Map<string, string>();
  await jobState.iterateEntities(
    { _type: Entities.CONNECTION._type },
    (connection) => {
      if (typeof connection.name === 'string') {
        connectionKeys.set(connection.name, connection._key);
      }
    },
  );
  let linked = 0;
  const unknown = new Set<string>();
  // Stored in batches, as the users step does: one SDK call per batch.
  let batch: Relationship[] = [];
  const store = async () => {
    const relationships = batch;
    batch = [];
    if (relationships.length) await jobState.addRelationships(relationships);
  };
  const link = async (name: unknown, userKey: string) => {
    const connectionKey =
      typeof name === 'string' ? connectionKeys.get(name) : undefined;
    if (!connectionKey) {
      unknown.add(String(name));
      return;
    }
    batch.push(createConnectionUserRelationship(connectionKey, userKey));
    linked += 1;
    if (batch.length >= LINK_BATCH_SIZE) await store();
  };
  const userKeys = await jobState.getData<UserConnectionKeys>(
    DataKeys.USER_KEYS_BY_CONNECTION,
  );
  if (userKeys) {
    await jobState.deleteData(DataKeys.USER_KEYS_BY_CONNECTION);
    await userKeys.forEach(link);
  } else {
    // The users step ran in another process (e.g. `collect --step` from a cache).
    await jobState.iterateEntities(
      { _type: Entities.USER._type },
      async (user) => {
        const names = Array.isArray(user.connections) ? user.connections : [];
        for (const name of names) await link(name, user._key);
      },
    );
  }
  await store();
  logger.info(
    { linked, unknownConnections: unknown.size },
    `Linked ${linked} users to their connections${
      unknown.size > 0
        ? `; ${unknown.size} connection names of users are not collected connections`
        : ''
    }`,
  );
}

const LINK_BATCH_SIZE = 250;

export const connectionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.CONNECTIONS,
    name: 'Fetch Connections',
    entities: [Entities.CONNECTION],
    relationships: [
      Relationships.ACCOUNT_HAS_CONNECTION,
      Relationships.CLIENT_USES_CONNECTION,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.CLIENTS],
    ingestionSourceId: IngestionSources.CONNECTIONS,
    executionHandler: fetchConnections,
  },
  {
    id: Steps.CONNECTION_USERS,
    name: 'Build Connection User Relationships',
    entities: [],
    relationships: [Relationships.CONNECTION_HAS_USER],
    dependsOn: [Steps.CONNECTIONS, Steps.USERS],
    ingestionSourceId: IngestionSources.CONNECTIONS,
    executionHandler: buildConnectionUserRelationships,
  },
];
