import {
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';

import { validateInvocation } from './config';
import { invocationConfig } from './index';
import { IntegrationConfig } from './types';
import { setupAuth0Recording, stopRecordings } from '../test/recording';

/** As the runtime calls it: with the execution's client from loadExecutionConfig. */
function run(config: IntegrationConfig) {
  return validateInvocation({
    ...createMockExecutionContext<IntegrationConfig>({
      instanceConfig: config,
    }),
    executionConfig: invocationConfig.loadExecutionConfig!({ config }),
  });
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('validateInvocation', () => {
  afterEach(stopRecordings);

  test('rejects a malformed config before any request', async () => {
    const error = await errorOf(
      run({
        clientId: 'id',
        clientSecret: 'top-secret',
        domain: 'https://acme.us.auth0.com',
        audience: 'x',
      }),
    );
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toMatch(/domain .*without a scheme/);
    expect(error.message).not.toContain('top-secret');
  });

  test('accepts working credentials (token and one read)', async () => {
    const recording = await setupAuth0Recording({
      directory: __dirname,
      name: 'validateInvocation-ok',
    });
    await expect(run(recording.config)).resolves.toBeUndefined();
  });

  test('reports rejected credentials without echoing the secret', async () => {
    const recording = await setupAuth0Recording({
      directory: __dirname,
      name: 'validateInvocation-bad-secret',
    });
    const secret = 'wrong-secret-0123456789';
    const error = await errorOf(
      run({ ...recording.config, clientSecret: secret }),
    );
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.message).toMatch(
      /rejected the credentials.*clientId and clientSecret/,
    );
    expect(error.message).not.toContain(secret);
  });

  test('tells how to authorize the application when the audience is not granted', async () => {
    const recording = await setupAuth0Recording({
      directory: __dirname,
      name: 'validateInvocation-bad-audience',
    });
    const error = await errorOf(
      run({
        ...recording.config,
        audience: 'https://other-tenant.us.auth0.com/api/v2/',
      }),
    );
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toMatch(
      /Authorize the Machine-to-Machine application for the Auth0 Management API/,
    );
  });

  // Without an execution config, as `j1-integration troubleshoot` calls it.
  test('names the domain when it cannot be reached', async () => {
    const error = await errorOf(
      validateInvocation(
        createMockExecutionContext<IntegrationConfig>({
          instanceConfig: {
            clientId: 'id',
            clientSecret: 'top-secret',
            domain: 'localhost:1',
            audience: 'https://acme.us.auth0.com/api/v2/',
          },
        }),
      ),
    );
    expect(error.message).toMatch(/localhost:1/);
    expect(error.message).not.toContain('top-secret');
  });
});
