import {
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
} from '@jupiterone/integration-sdk-core';

import { CustomDomainRecord } from '../../api/extensibilityRecords';
import { Entities } from '../constants';
import { bool, str } from '../values';

const FAILED_CERTIFICATE_STATUSES = new Set([
  'provisioning_failed',
  'renewing_failed',
]);

export function getCustomDomainKey(id: string): string {
  return `auth0-custom-domain:${id}`;
}

/**
 * A custom domain as a `Domain`: status, primary, certificate status,
 * authority and renewal date, TLS policy and verification. Verification
 * record values are not kept.
 */
export function createCustomDomainEntity(
  domain: CustomDomainRecord,
  dashboardUrl: string,
): Entity {
  const domainName = str(domain.domain) ?? domain.custom_domain_id;
  const status = str(domain.status);
  const certificateStatus = str(domain.certificate?.status);
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: domain }],
        _key: getCustomDomainKey(domain.custom_domain_id),
        _type: Entities.CUSTOM_DOMAIN._type,
        _class: Entities.CUSTOM_DOMAIN._class,
        id: domain.custom_domain_id,
        name: domainName,
        displayName: domainName,
        domainName,
        primary: bool(domain.primary) ?? false,
        isDefault: bool(domain.is_default),
        status,
        ready: status === 'ready',
        type: str(domain.type),
        auth0ManagedCertificate: domain.type === 'auth0_managed_certs',
        tlsPolicy: str(domain.tls_policy),
        customClientIpHeader: str(domain.custom_client_ip_header ?? undefined),
        verificationStatus: str(domain.verification?.status),
        verificationMethods: domain.verification?.methods ?? [],
        verificationError: str(domain.verification?.error_msg),
        lastVerifiedOn: parseTimePropertyValue(
          str(domain.verification?.last_verified_at),
        ),
        certificateStatus,
        certificateFailed:
          certificateStatus !== undefined &&
          FAILED_CERTIFICATE_STATUSES.has(certificateStatus),
        certificateAuthority: str(domain.certificate?.certificate_authority),
        certificateError: str(domain.certificate?.error_msg),
        certificateRenewsBeforeOn: parseTimePropertyValue(
          str(domain.certificate?.renews_before),
        ),
        webLink: `${dashboardUrl}tenant/custom_domains`,
      },
    },
  });
}
