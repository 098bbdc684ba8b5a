import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {
  Entity,
  IntegrationInvocationConfig,
} from '@jupiterone/integration-sdk-core';
import {
  executeIntegrationLocally,
  FileSystemGraphObjectStore,
} from '@jupiterone/integration-sdk-runtime';

import { pickUser } from '../src/api/records';
import { Entities, Relationships } from '../src/steps/constants';
import { USERS_BATCH_SIZE } from '../src/steps/users';
import {
  createAccountUserRelationship,
  createUserEntity,
} from '../src/steps/users/converter';
import { generateTenant } from '../test/simulator';

/**
 * How long the SDK itself needs to hold N users, with no Auth0 in the way:
 * the floor under any users step, whatever the rate limit.
 *
 *   ts-node --transpile-only scripts/sdk-floor.ts 100000
 *
 * Users from the bench's seeded tenant are reduced to the allow-list, as the
 * client does, then
 * - **convert**: `createUserEntity` for each, with the SDK's schema validation
 *   on, as `j1-integration collect` runs it;
 * - **store**: the built entities and their account HAS user relationships
 *   handed to the job state of a one-step integration run by
 *   `executeIntegrationLocally` with the graph object store `collect` uses
 *   (pretty-printed files), in the users step's batches, flushed at the end.
 *
 * Prints one JSON line: `{"users":N,"convertSeconds":..,"storeSeconds":..}`.
 */
async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 100_000);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-floor-'));
  process.chdir(cwd); // the SDK writes .j1-integration/ under the working directory
  process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';

  const tenant = generateTenant({ seed: 99, users, clients: 1 });
  const records = tenant.users.map((user) =>
    pickUser(JSON.parse(JSON.stringify(user)) as Record<string, unknown>),
  );
  const dashboardUrl = `https://manage.auth0.com/dashboard/us/${tenant.name}/`;

  const convertStart = process.hrtime.bigint();
  const entities = records.map((record) =>
    createUserEntity(record, dashboardUrl),
  );
  const convertSeconds = seconds(convertStart);

  const account = {
    _key: `auth0-account:${tenant.name}`,
    _type: Entities.ACCOUNT._type,
    _class: [Entities.ACCOUNT._class],
  } as Entity;
  let storeSeconds = NaN;
  const config: IntegrationInvocationConfig = {
    integrationSteps: [
      {
        id: 'store-users',
        name: 'Store users',
        entities: [Entities.USER],
        relationships: [Relationships.ACCOUNT_HAS_USER],
        executionHandler: async ({ jobState }) => {
          const start = process.hrtime.bigint();
          for (
            let index = 0;
            index < entities.length;
            index += USERS_BATCH_SIZE
          ) {
            const batch = entities.slice(index, index + USERS_BATCH_SIZE);
            await jobState.addEntities(batch);
            await jobState.addRelationships(
              batch.map((entity) =>
                createAccountUserRelationship(account, entity),
              ),
            );
          }
          await jobState.flush();
          storeSeconds = seconds(start);
        },
      },
    ],
  };
  const write = process.stdout.write;
  // The local logger's own lines are not this script's output.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await executeIntegrationLocally(
      config,
      { current: { startedOn: Date.now() } },
      {
        enableSchemaValidation: true,
        graphObjectStore: new FileSystemGraphObjectStore({
          prettifyFiles: true,
          integrationSteps: config.integrationSteps,
        }),
      },
    );
  } finally {
    process.stdout.write = write;
    fs.rmSync(cwd, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ users, convertSeconds, storeSeconds }));
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
