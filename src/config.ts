import {
  IntegrationExecutionContext,
  IntegrationInstanceConfigFieldMap,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import { getValidationClient } from './client';
import { IntegrationConfig, UsersStrategy } from './types';

export type { IntegrationConfig } from './types';

/**
 * The fields a user fills in JupiterOne (or in `.env` as CLIENT_ID,
 * CLIENT_SECRET, DOMAIN and AUDIENCE when running locally).
 */
export const instanceConfigFields: IntegrationInstanceConfigFieldMap<IntegrationConfig> =
  {
    clientId: { type: 'string' },
    clientSecret: { type: 'string', mask: true },
    domain: { type: 'string' },
    audience: { type: 'string' },
    usersStrategy: { type: 'string', optional: true },
  };

const REQUIRED_FIELDS: Array<{ field: keyof IntegrationConfig; env: string }> =
  [
    { field: 'clientId', env: 'CLIENT_ID' },
    { field: 'clientSecret', env: 'CLIENT_SECRET' },
    { field: 'domain', env: 'DOMAIN' },
    { field: 'audience', env: 'AUDIENCE' },
  ];

const DOMAIN_EXAMPLE = 'acme.us.auth0.com';
const AUDIENCE_EXAMPLE = 'https://acme.us.auth0.com/api/v2/';
const USERS_STRATEGIES: UsersStrategy[] = ['auto', 'paged', 'export'];

// A host name (letters, digits, dots, hyphens) with an optional :port.
const HOST_PATTERN =
  /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
const AUDIENCE_PATTERN =
  /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.auth0\.com\/api\/v2\/$/i;

/**
 * Checks the shape of every field, without any network call. Each problem is
 * an `IntegrationValidationError` naming the field, what is wrong and a
 * correct example. The secret is never echoed.
 */
export function validateConfigShape(config: Partial<IntegrationConfig>): void {
  const missing = REQUIRED_FIELDS.filter(
    ({ field }) =>
      typeof config[field] !== 'string' ||
      (config[field] as string).trim() === '',
  );
  if (missing.length > 0) {
    throw new IntegrationValidationError(
      `Config requires all of {${missing
        .map(({ field }) => field)
        .join(', ')}}: missing or empty. Locally set ${missing
        .map(({ env }) => env)
        .join(', ')} in .env (see .env.example).`,
    );
  }

  const domain = (config.domain as string).trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
    throw new IntegrationValidationError(
      `Config field domain must be a bare host name without a scheme such as "https://": got "${domain}". Example: ${DOMAIN_EXAMPLE}`,
    );
  }
  if (/[/?#]/.test(domain)) {
    throw new IntegrationValidationError(
      `Config field domain must be a bare host name without a path: got "${domain}". Example: ${DOMAIN_EXAMPLE}`,
    );
  }
  if (!HOST_PATTERN.test(domain)) {
    throw new IntegrationValidationError(
      `Config field domain is not a valid host name: got "${domain}". Example: ${DOMAIN_EXAMPLE} (or your custom domain, e.g. login.acme.com)`,
    );
  }

  const audience = (config.audience as string).trim();
  if (!audience.startsWith('https://')) {
    throw new IntegrationValidationError(
      `Config field audience must be an https:// URL: got "${audience}". Example: ${AUDIENCE_EXAMPLE}`,
    );
  }
  if (!audience.endsWith('/')) {
    throw new IntegrationValidationError(
      `Config field audience must end with a trailing slash: got "${audience}". Example: ${AUDIENCE_EXAMPLE}`,
    );
  }
  if (!AUDIENCE_PATTERN.test(audience)) {
    throw new IntegrationValidationError(
      `Config field audience must be your tenant's Management API identifier, https://<tenant>.auth0.com/api/v2/ (the auth0.com domain even when domain is a custom domain): got "${audience}". Example: ${AUDIENCE_EXAMPLE}`,
    );
  }

  if (
    config.usersStrategy !== undefined &&
    (config.usersStrategy as string) !== '' &&
    !USERS_STRATEGIES.includes(config.usersStrategy)
  ) {
    throw new IntegrationValidationError(
      `Config field usersStrategy must be one of ${USERS_STRATEGIES.join(
        ', ',
      )}: got "${config.usersStrategy}". Leave it empty for auto.`,
    );
  }
}

/**
 * Shape checks first, then a live check: a token and the cheapest read.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { config } = context.instance;
  validateConfigShape(config);
  await getValidationClient(context).verifyAuthentication();
}
