import {
  createDirectRelationship,
  Entity,
  IntegrationError,
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { APIClient, getAPIClient, MissingScopeError } from '../../client';
import { IntegrationConfig } from '../../types';
import { ACCOUNT_ENTITY_KEY, Entities, Steps } from '../constants';
import { createAccountEntity, getDashboardUrl, parseTenant } from './converter';
import { AccountPosture } from './posture';

/**
 * One optional posture read. It never fails the account step, which every
 * other step hangs off: without its scope (the client has already published
 * a MissingPermission warning naming it) or after the client's retries, the
 * properties it feeds are left unset.
 */
async function readOptional<T>(
  logger: IntegrationLogger,
  what: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof MissingScopeError) return undefined;
    // A rejected token fails every step alike: not ours to hide.
    if (
      err instanceof IntegrationProviderAPIError &&
      !(err instanceof IntegrationProviderAuthenticationError)
    ) {
      logger.warn(
        { err },
        `Could not read the tenant's ${what}; the auth0_account properties it feeds are left unset`,
      );
      return undefined;
    }
    throw err;
  }
}

/** The tenant's MFA, session and attack protection settings, read concurrently. */
export async function readAccountPosture(
  client: APIClient,
  logger: IntegrationLogger,
): Promise<AccountPosture> {
  const [
    mfaPolicies,
    guardianFactors,
    tenantSettings,
    bruteForceProtection,
    breachedPasswordDetection,
    suspiciousIpThrottling,
  ] = await Promise.all([
    readOptional(logger, 'MFA policy', () => client.posture.getMfaPolicies()),
    readOptional(logger, 'MFA factors', () =>
      client.posture.listGuardianFactors(),
    ),
    readOptional(logger, 'settings', () => client.posture.getTenantSettings()),
    readOptional(logger, 'brute-force protection', () =>
      client.posture.getBruteForceProtection(),
    ),
    readOptional(logger, 'breached password detection', () =>
      client.posture.getBreachedPasswordDetection(),
    ),
    readOptional(logger, 'suspicious IP throttling', () =>
      client.posture.getSuspiciousIpThrottling(),
    ),
  ]);
  return {
    mfaPolicies,
    guardianFactors,
    tenantSettings,
    bruteForceProtection,
    breachedPasswordDetection,
    suspiciousIpThrottling,
  };
}

export async function fetchAccount({
  executionConfig,
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { domain, audience } = instance.config;
  // SDK entities cannot be updated once added: the posture is read first.
  const posture = await readAccountPosture(
    getAPIClient({ executionConfig, logger }),
    logger,
  );
  const account = createAccountEntity(
    instance.id,
    parseTenant(domain.trim(), audience.trim()),
    posture,
  );
  await jobState.addEntity(account);
  await jobState.setData(ACCOUNT_ENTITY_KEY, account);
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT,
    name: 'Fetch Account',
    entities: [Entities.ACCOUNT],
    relationships: [],
    dependsOn: [],
    executionHandler: fetchAccount,
  },
];

/** What every step that hangs entities off the account needs. */
export async function getAccountContext(
  jobState: IntegrationStepExecutionContext<IntegrationConfig>['jobState'],
  config: IntegrationConfig,
): Promise<{ account: Entity; dashboardUrl: string }> {
  const account = await jobState.getData<Entity>(ACCOUNT_ENTITY_KEY);
  if (!account) {
    throw new IntegrationError({
      code: 'ACCOUNT_ENTITY_MISSING',
      message: `The account entity is missing: step ${Steps.ACCOUNT} must run first`,
    });
  }
  const dashboardUrl = getDashboardUrl(
    parseTenant(config.domain.trim(), config.audience.trim()),
  );
  return { account, dashboardUrl };
}

/**
 * Stores an entity of the tenant and the account's relationship to it
 * (HAS unless told otherwise); returns the stored entity.
 */
export async function addAccountEntity(
  jobState: IntegrationStepExecutionContext<IntegrationConfig>['jobState'],
  account: Entity,
  entity: Entity,
  relationshipClass: RelationshipClass = RelationshipClass.HAS,
): Promise<Entity> {
  const stored = await jobState.addEntity(entity);
  await jobState.addRelationship(
    createDirectRelationship({
      _class: relationshipClass,
      from: account,
      to: stored,
    }),
  );
  return stored;
}
