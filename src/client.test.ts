import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import {
  APIClient,
  Auth0Execution,
  getAPIClient,
  getValidationClient,
  IdentityClient,
  PostureClient,
  UsersClient,
} from './client';
import { invocationConfig } from './index';
import { IntegrationConfig } from './types';

const config: IntegrationConfig = {
  clientId: 'id',
  clientSecret: 'secret',
  domain: 'acme.us.auth0.com',
  audience: 'https://acme.us.auth0.com/api/v2/',
};

/** What the runtime builds for each execution; creating clients sends no request. */
function newExecutionConfig(): object {
  return invocationConfig.loadExecutionConfig!({ config });
}

describe('one execution, one client', () => {
  test('every step of an execution gets the same client, on the logger it was first made with', () => {
    const executionConfig = newExecutionConfig();
    const first = createMockIntegrationLogger();
    const client = getAPIClient({ executionConfig, logger: first });
    expect(client).toBeInstanceOf(APIClient);
    expect(client.session.logger).toBe(first);
    const again = getAPIClient({
      executionConfig,
      logger: createMockIntegrationLogger(),
    });
    expect(again).toBe(client);
    expect(again.session.logger).toBe(first);
    expect(client.users).toBeInstanceOf(UsersClient);
    expect(client.identity).toBeInstanceOf(IdentityClient);
    expect(client.posture).toBeInstanceOf(PostureClient);
  });

  test('each execution gets a new client', () => {
    const logger = createMockIntegrationLogger();
    const one = getAPIClient({ executionConfig: newExecutionConfig(), logger });
    const two = getAPIClient({ executionConfig: newExecutionConfig(), logger });
    expect(two).not.toBe(one);
    expect(two.session).not.toBe(one.session);
  });

  test('a step outside an execution fails instead of making a client of its own', () => {
    expect(() =>
      getAPIClient({
        executionConfig: {},
        logger: createMockIntegrationLogger(),
      }),
    ).toThrow(/No Auth0 client for this execution/);
  });

  test('validateInvocation uses the execution client, or one of its own when called alone', () => {
    const logger = createMockIntegrationLogger();
    const executionConfig = newExecutionConfig();
    const instance = { config };
    expect(getValidationClient({ executionConfig, logger, instance })).toBe(
      getAPIClient({ executionConfig, logger }),
    );
    const alone = getValidationClient({
      executionConfig: {},
      logger,
      instance,
    });
    expect(alone).toBeInstanceOf(APIClient);
    expect(
      getValidationClient({ executionConfig: {}, logger, instance }),
    ).not.toBe(alone);
  });

  test('Auth0Execution keeps the options it was given for its client', () => {
    const execution = new Auth0Execution(config, { timeoutMs: 250 });
    expect(execution.created).toBeUndefined();
    const client = execution.client(createMockIntegrationLogger());
    expect(execution.created).toBe(client);
    expect(client.session.options).toEqual({ timeoutMs: 250 });
  });
});
