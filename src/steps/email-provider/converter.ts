import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { EmailProviderRecord } from '../../api/extensibilityRecords';
import { Entities } from '../constants';
import { bool, str } from '../values';

/** One email provider per tenant: keyed by the account. */
export function getEmailProviderKey(accountKey: string): string {
  return `${accountKey}:email-provider`;
}

/** The tenant's email provider as a `Service`: which one, enabled, the default from address; never credentials. */
export function createEmailProviderEntity(
  provider: EmailProviderRecord,
  accountKey: string,
): Entity {
  const name = str(provider.name) ?? 'unknown';
  const enabled = bool(provider.enabled) ?? false;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: provider }],
        _key: getEmailProviderKey(accountKey),
        _type: Entities.EMAIL_PROVIDER._type,
        _class: Entities.EMAIL_PROVIDER._class,
        name,
        displayName: `Email provider (${name})`,
        provider: name,
        enabled,
        active: enabled,
        defaultFromAddress: str(provider.default_from_address),
        category: ['software'],
        function: ['email'],
      },
    },
  });
}
