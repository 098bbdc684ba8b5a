import {
  Entity,
  IntegrationError,
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { DECODED_BATCH_SIZE } from '../../api/exportDecoder';
import { getAPIClient, UsersRead } from '../../client';
import { IntegrationConfig } from '../../types';
import { getAccountContext } from '../account';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { UserConnectionKeys } from './connectionKeys';
import { createAccountUserRelationship, createUserEntity } from './converter';

export async function fetchUsers({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getAPIClient({ executionConfig, logger });
  const { account, dashboardUrl } = await getAccountContext(jobState, config);
  // On disk, not in the heap; filled as users are stored, so a step that
  // fails half-way leaves the keys of the users it did store, and only those.
  const connectionKeys = connectionUsersWanted(instance)
    ? await UserConnectionKeys.create()
    : undefined;
  if (connectionKeys) {
    await jobState.setData(DataKeys.USER_KEYS_BY_CONNECTION, connectionKeys);
  }

  // Stored in batches: one SDK call per batch instead of two per user.
  let stored = 0;
  let read: UsersRead;
  try {
    read = await client.users.iterateUserBatches<Entity>(
      // By module, so the export's decoding worker thread converts too.
      {
        module: require.resolve('./converter'),
        name: createUserEntity.name,
        args: [dashboardUrl],
      },
      async (entities) => {
        await jobState.addEntities(entities);
        stored += entities.length;
        await connectionKeys?.add(entities);
        await jobState.addRelationships(
          entities.map((entity) =>
            createAccountUserRelationship(account, entity),
          ),
        );
      },
    );
  } finally {
    await connectionKeys?.close();
  }
  assertAllUsersRead(read, stored, logger);
}

/** The connection-user relationships step reads the keys file, unless its source is switched off. */
function connectionUsersWanted(
  instance: IntegrationStepExecutionContext<IntegrationConfig>['instance'],
): boolean {
  return !(instance.disabledSources ?? []).some(
    (source) => source.ingestionSourceId === IngestionSources.CONNECTIONS,
  );
}

/**
 * "Success" means every user: when the count Auth0 proved is not what was
 * stored, or no count could be proven, the step fails after storing what it
 * read, so the SDK reports auth0_user and the relationships built from users
 * partial and JupiterOne keeps what it had.
 */
export function assertAllUsersRead(
  read: UsersRead,
  stored: number,
  logger: IntegrationLogger,
): void {
  if (read.complete && read.expected !== undefined && stored >= read.expected) {
    return;
  }
  const expected =
    read.expected === undefined
      ? `more than ${stored} (the count could not be proven)`
      : String(read.expected);
  const description = `Auth0 users incomplete: expected ${expected}, collected ${stored} (${read.strategy}: ${read.proof}). auth0_user and the relationships built from users are reported partial, so JupiterOne keeps what it had.${
    read.strategy === 'paged'
      ? ' The user export job (not available on the Free plan) reads every user.'
      : ''
  }`;
  logger.publishWarnEvent({
    name: IntegrationWarnEventName.MissingEntity,
    description,
  });
  throw new IntegrationError({
    code: 'AUTH0_USERS_INCOMPLETE',
    message: description,
  });
}

/** Users stored per SDK call (also what `scripts/sdk-floor.ts` measures). */
export const USERS_BATCH_SIZE = DECODED_BATCH_SIZE;

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch Users',
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchUsers,
  },
];
