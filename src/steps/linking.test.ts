import {
  createDirectRelationship,
  Entity,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { createMockJobState } from '@jupiterone/integration-sdk-testing';

import { RelationshipBatch } from './linking';

const organization = {
  _key: 'org_1',
  _type: 'auth0_organization',
  _class: ['Organization'],
} as Entity;

const member = (userKey: string) =>
  createDirectRelationship({
    _class: RelationshipClass.HAS,
    from: organization,
    to: { _key: userKey, _type: 'auth0_user', _class: ['User'] } as Entity,
  });

describe('RelationshipBatch', () => {
  test('adds each relationship once: a key waiting in the batch or already stored is skipped', async () => {
    const jobState = createMockJobState();
    const batch = new RelationshipBatch(jobState);
    const added: boolean[] = [];
    // 300 members, each listed twice: once within the same batch, once after it was stored.
    for (let i = 0; i < 300; i++) {
      added.push(await batch.add(member(`auth0|${i}`)));
      if (i % 2 === 0) added.push(await batch.add(member(`auth0|${i}`)));
    }
    for (let i = 0; i < 300; i++) {
      added.push(await batch.add(member(`auth0|${i}`)));
    }
    await batch.flush();

    expect(added.filter(Boolean)).toHaveLength(300);
    expect(jobState.collectedRelationships).toHaveLength(300);
    expect(
      new Set(jobState.collectedRelationships.map((r) => r._key)).size,
    ).toBe(300);
  });
});
