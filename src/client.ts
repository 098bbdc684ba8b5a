import { createHash } from 'crypto';
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { MissingScopeError } from './api/errors';
import { TransportStats } from './api/transport';
import { IntegrationConfig } from './types';
import { IdentityClient } from './client/identity';
import { PostureClient } from './client/posture';
import { APIClientOptions, Auth0Session } from './client/session';
import { UsersClient } from './client/users';

export { MissingScopeError } from './api/errors';
export type { APIClientOptions, ResourceIteratee } from './client/session';
export { IdentityClient } from './client/identity';
export { PostureClient } from './client/posture';
export { UsersClient } from './client/users';

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

  constructor(
    config: IntegrationConfig,
    logger: IntegrationLogger,
    options: APIClientOptions = {},
  ) {
    this.session = new Auth0Session(config, logger, options);
    this.users = new UsersClient(this.session);
    this.identity = new IdentityClient(this.session);
    this.posture = new PostureClient(this.session);
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

const clients = new Map<string, APIClient>();
let defaultOptions: APIClientOptions = {};

/** One client (and token, and limiter) per tenant per run, shared by every step. */
export function getOrCreateAPIClient(
  config: IntegrationConfig,
  logger: IntegrationLogger,
): APIClient {
  const key = [
    config.domain,
    config.audience,
    config.clientId,
    createHash('sha256').update(String(config.clientSecret)).digest('hex'),
    config.usersStrategy ?? '',
  ].join('|');
  let client = clients.get(key);
  if (!client) {
    client = new APIClient(config, logger, defaultOptions);
    clients.set(key, client);
  }
  return client;
}

/** Tests: options for the clients the steps create from now on (e.g. short timeouts and backoffs). */
export function setAPIClientOptions(options: APIClientOptions): void {
  defaultOptions = options;
}

/** Forget cached clients (tests: each recording starts with its own token). */
export function resetAPIClients(): void {
  clients.clear();
}
