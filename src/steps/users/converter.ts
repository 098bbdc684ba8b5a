import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { IdentityRecord, UserRecord } from '../../api/records';
import { Entities } from '../constants';
import {
  bool,
  epochMillis,
  isoTimestamp,
  num,
  str,
  strings,
  unique,
} from '../values';

// Deliberately simple: one @, no spaces, a dot in the domain. JupiterOne maps
// users to employees by this value, so only plausible addresses are kept.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 320 &&
    EMAIL_PATTERN.test(value)
  );
}

export function getUserWebLink(dashboardUrl: string, userId: string): string {
  return `${dashboardUrl}users/${encodeURIComponent(userId)}`;
}

/** The identity fields `identities` holds, in the order Auth0 returns them. */
const IDENTITY_JSON_FIELDS = [
  'connection',
  'user_id',
  'provider',
  'isSocial',
] as const;

/**
 * The previous integration's `identities` property: the user's identities as
 * JSON, reduced to connection, user id, provider and `isSocial`, so no
 * identity-provider token (`access_token`, `refresh_token`, ...) is ever
 * stored, even were the record to carry one.
 */
export function getIdentitiesJson(
  identities: readonly IdentityRecord[] | undefined,
): string | undefined {
  if (!Array.isArray(identities)) return undefined;
  return JSON.stringify(
    identities.map((identity) => {
      const kept: Record<string, string | number | boolean> = {};
      for (const field of IDENTITY_JSON_FIELDS) {
        const value: unknown = identity?.[field];
        // GitHub user ids are numbers in real identities; anything else is dropped.
        if (['string', 'number', 'boolean'].includes(typeof value)) {
          kept[field] = value as string | number | boolean;
        }
      }
      return kept;
    }),
  );
}

/**
 * An Auth0 user as a `User` entity. The record is already reduced to the
 * allow-listed fields (see `api/records.ts`), so `_rawData` holds no secret.
 */
export function createUserEntity(
  user: UserRecord,
  dashboardUrl: string,
): Entity {
  const identities = Array.isArray(user.identities) ? user.identities : [];
  const email = isValidEmail(user.email) ? user.email : undefined;
  // Left out when Auth0 has none, as the previous integration did.
  const multifactor = strings(user.multifactor);
  const blocked = user.blocked === true;
  const name =
    str(user.name) ??
    email ??
    str(user.nickname) ??
    str(user.username) ??
    user.user_id;

  return createIntegrationEntity({
    entityData: {
      // Every property is assigned below, so the SDK need not match the
      // record against the class schema's property list; it is kept as raw data.
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: user }],
        _key: user.user_id,
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        id: user.user_id,
        userId: user.user_id,
        name,
        displayName: name,
        username: str(user.username) ?? '',
        nickname: str(user.nickname),
        givenName: str(user.given_name),
        familyName: str(user.family_name),
        email,
        emailVerified: bool(user.email_verified),
        phoneNumber: str(user.phone_number),
        phoneVerified: bool(user.phone_verified),
        picture: str(user.picture),
        active: !blocked,
        blocked,
        multifactor,
        mfaEnabled: (multifactor ?? []).length > 0,
        connections: unique(identities.map((i) => str(i.connection))),
        providers: unique(identities.map((i) => str(i.provider))),
        isSocial: identities.some((i) => i.isSocial === true),
        loginsCount: num(user.logins_count) ?? 0,
        lastIp: str(user.last_ip),
        // The previous integration's ISO strings, beside the data model's epoch milliseconds.
        lastLogin: isoTimestamp(user.last_login),
        lastLoginOn: epochMillis(user.last_login),
        createdAt: isoTimestamp(user.created_at),
        createdOn: epochMillis(user.created_at),
        updatedAt: isoTimestamp(user.updated_at),
        updatedOn: epochMillis(user.updated_at),
        identities: getIdentitiesJson(user.identities),
        webLink: getUserWebLink(dashboardUrl, user.user_id),
      },
    },
  });
}

/** `auth0_account_has_user`: every user belongs to the tenant's account. */
export function createAccountUserRelationship(
  account: Entity,
  user: Entity,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    from: account,
    to: user,
  });
}
