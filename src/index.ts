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
  [IngestionSources.ACTIONS]: {
    title: 'Actions',
    description:
      'Auth0 Actions (code that runs in login and other flows) with their runtime, deployment and secret names, the triggers each is bound to in execution order, and the npm packages their deployed versions use. Never their code (scope read:actions).',
  },
  [IngestionSources.LEGACY_EXTENSIBILITY]: {
    title: 'Rules and Hooks (legacy)',
    description:
      'Legacy Rules and Hooks (end of life 18 November 2026), whether each is enabled, its order, stage or trigger and, for hooks, npm dependencies; never their code or secrets. Also switches off the extensibility summary (scopes read:rules, read:hooks).',
  },
  [IngestionSources.LOG_STREAMS]: {
    title: 'Log streams',
    description:
      "Where the tenant's logs are streamed: each stream's type, status, priority, categories and destination host, region or account, never its credentials. Also switches off the extensibility summary (scope read:log_streams).",
  },
  [IngestionSources.CUSTOM_DOMAINS]: {
    title: 'Custom domains',
    description:
      'Custom domains with their status, certificate status and renewal date, TLS policy and verification (scope read:custom_domains).',
  },
  [IngestionSources.EMAIL_PROVIDER]: {
    title: 'Email provider',
    description:
      "The tenant's email provider, whether it is enabled and its default from address, never its credentials (scope read:email_provider).",
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
