import {
  Entity,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

const BATCH_SIZE = 250;

/**
 * Relationships stored in batches: one SDK call per batch instead of one
 * per relationship. A relationship whose key is already stored, or waiting
 * in the batch, is skipped: member lists are linked from spools without a
 * set of their own (a list can hold the whole tenant), and the SDK's key
 * index already knows every stored key.
 */
export class RelationshipBatch {
  private pending: Relationship[] = [];
  private readonly pendingKeys = new Set<string>();

  constructor(private readonly jobState: JobState) {}

  /** false when the relationship was already added */
  async add(relationship: Relationship): Promise<boolean> {
    const key = relationship._key;
    if (this.pendingKeys.has(key) || (await this.jobState.hasKey(key))) {
      return false;
    }
    this.pending.push(relationship);
    this.pendingKeys.add(key);
    if (this.pending.length >= BATCH_SIZE) await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    const relationships = this.pending;
    this.pending = [];
    this.pendingKeys.clear();
    if (relationships.length)
      await this.jobState.addRelationships(relationships);
  }
}

/**
 * The stored entities of a few-per-tenant type (roles, organizations) by key,
 * read in one quick pass: a long iteration could see an entity twice when
 * the SDK moves its buffer to disk half-way.
 */
export async function entitiesByKey(
  jobState: JobState,
  _type: string,
): Promise<Map<string, Entity>> {
  const byKey = new Map<string, Entity>();
  await jobState.iterateEntities({ _type }, (entity) => {
    byKey.set(entity._key, entity);
  });
  return byKey;
}
