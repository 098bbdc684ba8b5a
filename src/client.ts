import {
  IntegrationLogger,
  LoadExecutionConfigFunction,
} from '@jupiterone/integration-sdk-core';

import { MissingScopeError } from './api/errors';
import { TransportStats } from './api/transport';
import { IntegrationConfig } from './types';
import { IdentityClient } from './client/identity';
import { PostureClient } from './client/posture';
import { APIClientOptions, Auth0Session } from './client/session';
import { UsersClient } from './client/users';
import { ExtensibilityClient } from './client/extensibility';

export { MissingScopeError } from './api/errors';
export type { APIClientOptions, ResourceIteratee } from './client/session';
export type { UsersRead } from './api/usersRead';
export { IdentityClient } from './client/identity';
export { PostureClient } from './client/posture';
export { UsersClient } from './client/users';
export { ExtensibilityClient } from './client/extensibility';

/**
 * The only code that speaks to Auth0. One `Auth0Session` (one
 * `ManagementClient`, hence one token, one rate limiter shared by every
 * step) per execution, under one class per resource family; pagination,
 * retries and error translation live underneath, and steps only see records.
 */
export class APIClient {
  readonly session: Auth0Session;
  /** applications and users */
  readonly users: UsersClient;
  /** roles, APIs, client grants, organizations and their members */
  readonly identity: IdentityClient;
  /** connections, MFA, tenant settings, attack protection, signing keys */
  readonly posture: PostureClient;
  /** actions, rules, hooks, log streams, custom domains, email provider */
  readonly extensibility: ExtensibilityClient;

  constructor(
    config: IntegrationConfig,
    logger: IntegrationLogger,
    options: APIClientOptions = {},
  ) {
    this.session = new Auth0Session(config, logger, options);
    this.users = new UsersClient(this.session);
    this.identity = new IdentityClient(this.session);
    this.posture = new PostureClient(this.session);
    this.extensibility = new ExtensibilityClient(this.session);
  }

  get config(): IntegrationConfig {
    return this.session.config;
  }

  get domain(): string {
    return this.session.domain;
  }

  get audience(): string {
    return this.session.audience;
  }

  get stats(): TransportStats {
    return this.session.stats;
  }

  /** Gets a token and makes the cheapest read, to prove the configuration works. */
  async verifyAuthentication(): Promise<void> {
    try {
      await this.session.call('GET /api/v2/clients', () =>
        this.session.management.clients.list({
          page: 0,
          per_page: 1,
          fields: 'client_id',
          include_fields: true,
        }),
      );
    } catch (err) {
      // The token works; a missing read:clients only degrades one step.
      if (err instanceof MissingScopeError) return;
      throw err;
    }
  }
}

/**
 * One execution's client. `loadExecutionConfig` makes one per execution; the
 * client itself is made on first use, because the SDK hands
 * `loadExecutionConfig` no logger: its first user is `validateInvocation`,
 * whose logger is the execution's own (step loggers are its children).
 */
export class Auth0Execution {
  private apiClient?: APIClient;

  constructor(
    readonly config: IntegrationConfig,
    readonly options: APIClientOptions = {},
  ) {}

  client(logger: IntegrationLogger): APIClient {
    if (!this.apiClient) {
      this.apiClient = new APIClient(this.config, logger, this.options);
    }
    return this.apiClient;
  }

  /** The client, once something has used it. */
  get created(): APIClient | undefined {
    return this.apiClient;
  }
}

/** `context.executionConfig` of every execution of this integration. */
export interface Auth0ExecutionConfig {
  auth0: Auth0Execution;
}

/**
 * The invocation config's `loadExecutionConfig`: a new `Auth0Execution` for
 * every execution, so no token, logger or warning outlives its execution.
 * Tests pass client options here (e.g. short timeouts and backoffs).
 */
export function createLoadExecutionConfig(
  options: APIClientOptions = {},
): LoadExecutionConfigFunction {
  return ({ config }): Auth0ExecutionConfig => ({
    auth0: new Auth0Execution(config as IntegrationConfig, options),
  });
}

function executionOf(context: {
  executionConfig?: object;
}): Auth0Execution | undefined {
  const auth0 = (context.executionConfig as Partial<Auth0ExecutionConfig>)
    ?.auth0;
  return auth0 instanceof Auth0Execution ? auth0 : undefined;
}

/** The client of the execution `context` belongs to (a step's or validateInvocation's). */
export function getAPIClient(context: {
  executionConfig?: object;
  logger: IntegrationLogger;
}): APIClient {
  const execution = executionOf(context);
  if (!execution) {
    // A client per step would mean a token per step: fail loudly instead.
    throw new Error(
      'No Auth0 client for this execution: the invocation config must set loadExecutionConfig (createLoadExecutionConfig())',
    );
  }
  return execution.client(context.logger);
}

/**
 * validateInvocation's client: the execution's, or, when it is called alone
 * (`j1-integration troubleshoot`), one for this call only.
 */
export function getValidationClient(context: {
  executionConfig?: object;
  logger: IntegrationLogger;
  instance: { config: IntegrationConfig };
}): APIClient {
  return executionOf(context)
    ? getAPIClient(context)
    : new APIClient(context.instance.config, context.logger);
}
