import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';
import { ManagementError } from 'auth0';

import { ATTEMPTS_HEADER, TransportError } from './transport';

/**
 * Auth0's errors, translated once into the SDK's: 401 -> authentication,
 * 403 -> authorization (a missing scope -> MissingScopeError, which the
 * steps that can degrade catch), anything else -> an API error naming the
 * endpoint, the status and the attempts made. Messages never carry the
 * request body, so the client secret cannot leak through them.
 */

/** A 403 `insufficient_scope`: the application lacks a Management API scope. */
export class MissingScopeError extends IntegrationProviderAuthorizationError {
  constructor(
    endpoint: string,
    readonly scopes: string[],
  ) {
    super({
      endpoint,
      status: 403,
      statusText: `Insufficient scope, expected any of: ${scopes.join(
        ', ',
      )}. ${grantScopeHint(scopes)}`,
    });
  }
}

export function grantScopeHint(scopes: string[]): string {
  return `In the Auth0 dashboard open Applications > APIs > Auth0 Management API > Machine to Machine Applications, expand the integration's application and grant ${scopes.join(
    ' or ',
  )}.`;
}

/**
 * The SDK error for a failed Management API call (`endpoint` such as
 * `GET /api/v2/users`) against `domain`.
 */
export function translateError(
  err: unknown,
  endpoint: string,
  domain: string,
): Error {
  if (err instanceof IntegrationError) return err;
  const url = `https://${domain}${endpoint.replace(/^[A-Z]+ /, '')}`;
  // The auth0 client wraps what our fetch throws in a ManagementError.
  const transportError =
    err instanceof TransportError ? err : (err as { cause?: unknown }).cause;
  if (transportError instanceof TransportError) {
    return new IntegrationProviderAPIError({
      // The request that failed: the call's own, or the token request before it.
      endpoint: `https://${domain}${transportError.endpoint.replace(/^[A-Z]+ /, '')}`,
      status: transportError.code ?? 'NETWORK_ERROR',
      statusText: `could not reach Auth0 at ${domain} after ${transportError.attempts} attempts (${transportError.causeMessage}). Check that domain is your tenant's domain (e.g. acme.us.auth0.com) or custom domain and that it is reachable`,
    });
  }
  if (!(err instanceof ManagementError) || err.statusCode === undefined) {
    const cause = err as { code?: string; message?: string };
    return new IntegrationProviderAPIError({
      endpoint: url,
      status: cause.code ?? 'UNKNOWN',
      statusText: `request to ${domain} failed: ${cause.message ?? String(err)}`,
    });
  }
  const status = err.statusCode;
  const body = (err.body ?? {}) as Record<string, unknown>;
  const attempts = Number(
    err.rawResponse?.headers?.get?.(ATTEMPTS_HEADER) ?? 1,
  );

  if (isTokenRequestError(err)) {
    const tokenUrl = `https://${domain}/oauth/token`;
    const description = String(body.error_description ?? body.error ?? '');
    if (status === 401) {
      return new IntegrationProviderAuthenticationError({
        endpoint: tokenUrl,
        status,
        statusText: `Auth0 rejected the credentials (${description || 'Unauthorized'}). Check clientId and clientSecret: they must be the Client ID and Client Secret of a Machine-to-Machine application of this tenant`,
      });
    }
    if (status === 403 || body.error === 'unauthorized_client') {
      return new IntegrationProviderAuthorizationError({
        endpoint: tokenUrl,
        status,
        statusText: `Auth0 refused a Management API token (${description}). Authorize the Machine-to-Machine application for the Auth0 Management API (Applications > APIs > Auth0 Management API > Machine to Machine Applications) and check that audience is https://<tenant>.auth0.com/api/v2/ of this tenant`,
      });
    }
    if (status === 408) {
      return new IntegrationProviderAPIError({
        endpoint: tokenUrl,
        status,
        statusText: `could not reach Auth0 at ${domain}: the token request timed out. Check that domain is your tenant's domain (e.g. acme.us.auth0.com) or custom domain and that it is reachable`,
      });
    }
    return new IntegrationProviderAPIError({
      endpoint: tokenUrl,
      status,
      statusText: `token request failed after ${attempts} attempt(s): ${description}`,
    });
  }

  const message = String(body.message ?? '');
  if (status === 401) {
    return new IntegrationProviderAuthenticationError({
      endpoint: url,
      status,
      statusText: `Auth0 rejected the access token (${message || 'Unauthorized'})`,
    });
  }
  if (status === 403 && body.errorCode === 'insufficient_scope') {
    const scopes = parseScopes(message);
    return new MissingScopeError(url, scopes);
  }
  if (status === 403) {
    return new IntegrationProviderAuthorizationError({
      endpoint: url,
      status,
      statusText: message || 'Forbidden',
    });
  }
  return new IntegrationProviderAPIError({
    endpoint: url,
    status,
    statusText: `${String(body.error ?? 'Error')}${
      message ? `: ${message}` : ''
    } (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
  });
}

export function isTokenRequestError(err: unknown): boolean {
  return (
    err instanceof ManagementError &&
    (err.message.includes('token request') ||
      (typeof err.body === 'object' &&
        err.body !== null &&
        'error_description' in err.body))
  );
}

function parseScopes(message: string): string[] {
  const match = /expected (?:any|all) of:\s*(.+)$/i.exec(message);
  if (!match) return ['(unknown scope)'];
  return match[1]
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
}
