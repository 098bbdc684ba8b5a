import { X509Certificate } from 'crypto';
import {
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
} from '@jupiterone/integration-sdk-core';

import { SigningKeyRecord } from '../../api/postureRecords';
import { Entities } from '../constants';
import { epochMillis, str } from '../values';

export interface CertificateInfo {
  validFromOn?: number;
  validToOn?: number;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  keyType?: string;
  keySize?: number;
}

/** What the PEM certificate says about itself; `{}` when it does not parse. */
export function parseCertificate(pem: string | undefined): CertificateInfo {
  if (typeof pem !== 'string' || !pem.includes('BEGIN CERTIFICATE')) {
    return {};
  }
  try {
    const x509 = new X509Certificate(pem);
    const details = x509.publicKey.asymmetricKeyDetails;
    return {
      validFromOn: parseTimePropertyValue(x509.validFrom),
      validToOn: parseTimePropertyValue(x509.validTo),
      subject: x509.subject.replace(/\n/g, ', '),
      issuer: x509.issuer.replace(/\n/g, ', '),
      serialNumber: x509.serialNumber,
      keyType: x509.publicKey.asymmetricKeyType,
      keySize: details?.modulusLength,
    };
  } catch {
    return {};
  }
}

export function getSigningKeyKey(kid: string): string {
  return `auth0-signing-key:${kid}`;
}

/**
 * A token signing key as a `Certificate` entity: its rotation state and the
 * certificate's validity as `validFromOn` / `validToOn` (and `expiresOn`)
 * epoch milliseconds, so expiry can be alerted on. The record holds public
 * material only (see `api/postureRecords.ts`).
 */
export function createSigningKeyEntity(
  key: SigningKeyRecord,
  dashboardUrl: string,
): Entity {
  const certificate = parseCertificate(key.cert);
  const current = key.current === true;
  const next = key.next === true;
  const previous = key.previous === true;
  const revoked = key.revoked === true;
  return createIntegrationEntity({
    entityData: {
      // Every property is assigned below; the record is kept as raw data.
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: key }],
        _key: getSigningKeyKey(key.kid),
        _type: Entities.SIGNING_KEY._type,
        _class: Entities.SIGNING_KEY._class,
        id: key.kid,
        kid: key.kid,
        name: key.kid,
        displayName: `Signing key ${key.kid}${
          current
            ? ' (current)'
            : next
              ? ' (next)'
              : previous
                ? ' (previous)'
                : ''
        }`,
        current,
        next,
        previous,
        revoked,
        // A revoked key no longer validates tokens; every other one does.
        active: !revoked,
        revokedOn: epochMillis(key.revoked_at),
        currentSinceOn: epochMillis(key.current_since),
        currentUntilOn: epochMillis(key.current_until),
        fingerprint: str(key.fingerprint),
        thumbprint: str(key.thumbprint),
        ...certificate,
        expiresOn: certificate.validToOn,
        webLink: `${dashboardUrl}tenant/signing_keys`,
      },
    },
  });
}
