import {
  RelationshipClass,
  StepEntityMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: 'fetch-account',
  CLIENTS: 'fetch-clients',
  USERS: 'fetch-users',
} as const;

export const Entities: Record<
  'ACCOUNT' | 'CLIENT' | 'USER',
  StepEntityMetadata
> = {
  ACCOUNT: {
    resourceName: 'Auth0 Account',
    _type: 'auth0_account',
    _class: ['Account'],
  },
  CLIENT: {
    resourceName: 'Auth0 Client',
    _type: 'auth0_client',
    _class: ['Application'],
  },
  USER: {
    resourceName: 'Auth0 User',
    _type: 'auth0_user',
    _class: ['User'],
  },
};

export const Relationships: Record<
  'ACCOUNT_HAS_CLIENT' | 'ACCOUNT_HAS_USER',
  StepRelationshipMetadata
> = {
  ACCOUNT_HAS_CLIENT: {
    _type: 'auth0_account_has_client',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.CLIENT._type,
  },
  ACCOUNT_HAS_USER: {
    _type: 'auth0_account_has_user',
    sourceType: Entities.ACCOUNT._type,
    _class: RelationshipClass.HAS,
    targetType: Entities.USER._type,
  },
};

/** Where the account entity is kept for the steps that link to it. */
export const ACCOUNT_ENTITY_KEY = 'ACCOUNT_ENTITY';
