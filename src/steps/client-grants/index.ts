import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { getAPIClient } from '../../client';
import { IntegrationConfig } from '../../types';
import { IngestionSources, Relationships, Steps } from '../constants';
import { getResourceServerKey } from '../resource-servers/converter';
import { createClientGrantRelationship } from './converter';

export async function fetchClientGrants({
  executionConfig,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getAPIClient({ executionConfig, logger });
  let linked = 0;
  let unlinked = 0;
  await client.identity.iterateClientGrants(async (grant) => {
    const server = grant.audience
      ? await jobState.findEntity(getResourceServerKey(grant.audience))
      : null;
    // System grants can name Auth0's own clients, which the clients list does not return.
    if (
      !server ||
      !grant.client_id ||
      !(await jobState.hasKey(grant.client_id))
    ) {
      unlinked += 1;
      return;
    }
    await jobState.addRelationship(
      createClientGrantRelationship(grant, grant.client_id, server),
    );
    linked += 1;
  });
  logger.info(
    { linked, unlinked },
    `Linked ${linked} client grants${
      unlinked
        ? `; ${unlinked} name a client or API that was not collected`
        : ''
    }`,
  );
}

export const clientGrantSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.CLIENT_GRANTS,
    name: 'Fetch Client Grants',
    entities: [],
    relationships: [Relationships.CLIENT_USES_SERVER],
    dependsOn: [Steps.CLIENTS, Steps.RESOURCE_SERVERS],
    ingestionSourceId: IngestionSources.CLIENT_GRANTS,
    executionHandler: fetchClientGrants,
  },
];
