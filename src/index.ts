import {
  IntegrationIngestionConfigFieldMap,
  IntegrationInvocationConfig,
} from '@jupiterone/integration-sdk-core';

import { createLoadExecutionConfig } from './client';
import { instanceConfigFields, validateInvocation } from './config';
import { integrationSteps } from './steps';
import { IngestionSources } from './steps/constants';
import { IntegrationConfig } from './types';

/** Optional groups of steps a customer can switch off; account (with its posture), clients, users and APIs always run. */
export const ingestionConfig: IntegrationIngestionConfigFieldMap = {
  [IngestionSources.ROLES]: {
    title: 'Roles',
    description:
      'Auth0 roles, the users assigned to them and their permissions on each API (scope read:roles).',
  },
  [IngestionSources.CLIENT_GRANTS]: {
    title: 'Client grants',
    description:
      'Which applications may call which APIs with which scopes, including write access to the Auth0 Management API (scope read:client_grants).',
  },
  [IngestionSources.ORGANIZATIONS]: {
    title: 'Organizations',
    description:
      "Auth0 organizations and their members, with each member's organization roles (scopes read:organizations, read:organization_members, read:organization_member_roles).",
  },
  [IngestionSources.CONNECTIONS]: {
    title: 'Connections',
    description:
      'Auth0 connections (databases, social and enterprise identity providers, passwordless) with their password, brute-force and MFA settings, the applications each is enabled for and the users of each (scope read:connections).',
  },
  [IngestionSources.SIGNING_KEYS]: {
    title: 'Signing keys',
    description:
      "The tenant's token signing keys and their certificates' validity, public material only (scope read:signing_keys).",
  },
};

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> =
  {
    instanceConfigFields,
    // A new client (token, logger, warnings given) for every execution.
    loadExecutionConfig: createLoadExecutionConfig(),
    validateInvocation,
    integrationSteps,
    ingestionConfig,
  };
