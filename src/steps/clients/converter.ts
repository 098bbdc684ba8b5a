import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { ClientRecord } from '../../api/records';
import { Entities } from '../constants';
import { bool, num, str, strings } from '../values';

export function getClientWebLink(
  dashboardUrl: string,
  clientId: string,
): string {
  return `${dashboardUrl}applications/${encodeURIComponent(clientId)}/settings`;
}

/**
 * An Auth0 client (application) as an `Application` entity. The record is
 * already reduced to the allow-listed fields (see `api/records.ts`): no
 * client secret, signing or encryption key, JWT secret, add-on, metadata or
 * mobile configuration reaches the entity or its `_rawData`.
 */
export function createClientEntity(
  client: ClientRecord,
  dashboardUrl: string,
): Entity {
  const refresh = client.refresh_token ?? {};
  const grantTypes = strings(client.grant_types) ?? [];
  return createIntegrationEntity({
    entityData: {
      // Every property is assigned below, so the SDK need not match the
      // record against the class schema's property list; it is kept as raw data.
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: client }],
        _key: client.client_id,
        _type: Entities.CLIENT._type,
        _class: Entities.CLIENT._class,
        id: client.client_id,
        clientId: client.client_id,
        name: str(client.name) ?? client.client_id,
        displayName: str(client.name) ?? client.client_id,
        description: str(client.description),
        tenant: str(client.tenant),
        global: bool(client.global),
        appType: str(client.app_type),
        logoUri: str(client.logo_uri),
        isFirstParty: bool(client.is_first_party),
        oidcConformant: bool(client.oidc_conformant),
        grantTypes,
        implicitGrant: grantTypes.includes('implicit'),
        passwordGrant: grantTypes.includes('password'),
        callbacks: strings(client.callbacks),
        allowedOrigins: strings(client.allowed_origins),
        webOrigins: strings(client.web_origins),
        clientAliases: strings(client.client_aliases),
        allowedClients: strings(client.allowed_clients),
        allowedLogoutUrls: strings(client.allowed_logout_urls),
        tokenEndpointAuthMethod: str(client.token_endpoint_auth_method),
        publicClient: client.token_endpoint_auth_method === 'none',
        crossOriginAuth: bool(client.cross_origin_auth),
        crossOriginLoc: str(client.cross_origin_loc),
        customLoginPageOn: bool(client.custom_login_page_on),
        initiateLoginUri: str(client.initiate_login_uri),
        sso: bool(client.sso),
        ssoDisabled: bool(client.sso_disabled),
        organizationUsage: str(client.organization_usage),
        organizationRequireBehavior: str(client.organization_require_behavior),
        refreshTokenRotationType: str(refresh.rotation_type),
        refreshTokenExpirationType: str(refresh.expiration_type),
        refreshTokenLeeway: num(refresh.leeway),
        // Names kept from the previous JupiterOne Auth0 integration.
        tokenExpirationType: str(refresh.expiration_type),
        tokenTokenLifetime: num(refresh.token_lifetime),
        tokenInfiniteTokenLifetime: bool(refresh.infinite_token_lifetime),
        tokenIdleTokenLifetime: num(refresh.idle_token_lifetime),
        tokenInfiniteIdleTokenLifetime: bool(
          refresh.infinite_idle_token_lifetime,
        ),
        webLink: getClientWebLink(dashboardUrl, client.client_id),
      },
    },
  });
}
