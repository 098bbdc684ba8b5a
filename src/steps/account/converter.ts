import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';
import { AccountPosture, getAccountPostureProperties } from './posture';

export interface TenantInfo {
  /** tenant name, e.g. `acme` */
  tenant: string;
  /** dashboard region, e.g. `us`, `eu`, `au`, `jp` */
  region: string;
  /** the tenant's own auth0.com host, e.g. `acme.us.auth0.com` */
  host: string;
  /** the host the integration calls (tenant or custom domain) */
  domain: string;
}

/**
 * The tenant and region from the Management API audience, which is always
 * the tenant's own auth0.com host even when `domain` is a custom domain:
 * `https://acme.us.auth0.com/api/v2/` -> acme / us; legacy
 * `https://acme.auth0.com/api/v2/` -> acme / us.
 */
export function parseTenant(domain: string, audience: string): TenantInfo {
  const host = new URL(audience).hostname.toLowerCase();
  const labels = host.replace(/\.auth0\.com$/, '').split('.');
  const tenant = labels[0];
  const region = labels.length > 1 ? labels[1] : 'us';
  return { tenant, region, host, domain };
}

export function getDashboardUrl({ tenant, region }: TenantInfo): string {
  return `https://manage.auth0.com/dashboard/${encodeURIComponent(
    region,
  )}/${encodeURIComponent(tenant)}/`;
}

/** The account, with whatever of the tenant's posture was read (see `posture.ts`). */
export function createAccountEntity(
  instanceId: string,
  info: TenantInfo,
  posture: AccountPosture = {},
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: { tenant: info.tenant, region: info.region, domain: info.domain },
      assign: {
        ...getAccountPostureProperties(posture),
        _key: `auth0-account:${instanceId}`,
        _type: Entities.ACCOUNT._type,
        _class: Entities.ACCOUNT._class,
        // The previous integration's `id` (then the constant `Auth0 Account`), now the tenant name.
        id: info.tenant,
        name: info.host,
        displayName: info.host,
        tenant: info.tenant,
        region: info.region,
        domain: info.domain,
        webLink: getDashboardUrl(info),
      },
    },
  });
}
