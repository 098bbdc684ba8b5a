import { IntegrationInstanceConfig } from '@jupiterone/integration-sdk-core';

/**
 * The instance configuration: the four values a user copies from their Auth0
 * Machine-to-Machine application. Lives apart from `config.ts` so that both
 * `config.ts` and `client.ts` can import it without importing each other.
 */
export interface IntegrationConfig extends IntegrationInstanceConfig {
  /** Client ID of the Machine-to-Machine application. */
  clientId: string;
  /** Client secret of the Machine-to-Machine application. */
  clientSecret: string;
  /** Host name the integration calls: the tenant domain or a custom domain. */
  domain: string;
  /** The Management API identifier: `https://<tenant>.<region>.auth0.com/api/v2/`. */
  audience: string;
  /**
   * How users are read. `auto` (default) pages small tenants and uses the
   * export job above Auth0's 1,000-result search limit. Set by tests and the
   * benchmark through the `USERS_STRATEGY` environment variable.
   */
  usersStrategy?: UsersStrategy;
}

export type UsersStrategy = 'auto' | 'paged' | 'export';
