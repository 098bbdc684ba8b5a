import * as dotenv from 'dotenv';
import * as path from 'path';
import { LoadExecutionConfigFunction } from '@jupiterone/integration-sdk-core';
import { StepTestConfig } from '@jupiterone/integration-sdk-testing';

import { invocationConfig } from '../src';
import { IntegrationConfig } from '../src/types';

if (process.env.LOAD_ENV) {
  dotenv.config({ path: path.join(__dirname, '../.env') });
}

/**
 * The configuration recorded tests replay with. Recordings were made against
 * the bundled simulator (whose port changes, so recordings match requests
 * without the port); with LOAD_ENV=1 the values come from `.env` and the
 * tests record against that tenant instead.
 */
export const recordedConfig: IntegrationConfig = {
  clientId: process.env.CLIENT_ID ?? 'sim-client-id',
  clientSecret: process.env.CLIENT_SECRET ?? 'sim-client-secret',
  domain: process.env.DOMAIN ?? 'localhost:8443',
  audience: process.env.AUDIENCE ?? 'https://demo-tenant.us.auth0.com/api/v2/',
};

/**
 * `executeStepWithDependencies` input: the step and its dependencies run as
 * one execution, with one client. `loadExecutionConfig` replaces the
 * integration's, e.g. `createLoadExecutionConfig(options)` for short timeouts,
 * or one that hands several runs the same execution.
 */
export function buildStepTestConfigForStep(
  stepId: string,
  instanceConfig: IntegrationConfig = recordedConfig,
  loadExecutionConfig?: LoadExecutionConfigFunction,
): StepTestConfig {
  return {
    stepId,
    instanceConfig,
    invocationConfig: {
      ...invocationConfig,
      ...(loadExecutionConfig ? { loadExecutionConfig } : {}),
    } as never,
  };
}
