import {
  Entity,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

const BATCH_SIZE = 250;

/** Relationships stored in batches: one SDK call per batch instead of one per relationship. */
export class RelationshipBatch {
  private pending: Relationship[] = [];

  constructor(private readonly jobState: JobState) {}

  async add(relationship: Relationship): Promise<void> {
    this.pending.push(relationship);
    if (this.pending.length >= BATCH_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    const relationships = this.pending;
    this.pending = [];
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
