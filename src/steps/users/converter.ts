import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { UserRecord } from '../../api/records';
import { Entities } from '../constants';

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

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : [];
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

export function getUserWebLink(dashboardUrl: string, userId: string): string {
  return `${dashboardUrl}users/${encodeURIComponent(userId)}`;
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
  const multifactor = strings(user.multifactor);
  const blocked = user.blocked === true;
  const lastLoginOn = parseTimePropertyValue(str(user.last_login));
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
        mfaEnabled: multifactor.length > 0,
        connections: unique(identities.map((i) => str(i.connection))),
        providers: unique(identities.map((i) => str(i.provider))),
        isSocial: identities.some((i) => i.isSocial === true),
        loginsCount: num(user.logins_count) ?? 0,
        lastIp: str(user.last_ip),
        lastLogin: lastLoginOn,
        lastLoginOn,
        createdOn: parseTimePropertyValue(str(user.created_at)),
        updatedOn: parseTimePropertyValue(str(user.updated_at)),
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
