import * as fs from 'fs';
import * as path from 'path';

/**
 * Reads what `j1-integration collect` wrote under `.j1-integration/graph`:
 * counts by `_type`, and the keys of each type (to check nothing is missing
 * or duplicated).
 */
export interface GraphSummary {
  entities: Record<string, number>;
  relationships: Record<string, number>;
  keysByType: Map<string, Set<string>>;
  duplicateKeys: number;
}

export function summarizeGraph(root: string): GraphSummary {
  const summary: GraphSummary = {
    entities: {},
    relationships: {},
    keysByType: new Map(),
    duplicateKeys: 0,
  };
  const seen = new Set<string>();
  for (const file of listJsonFiles(path.join(root, 'graph'))) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      entities?: Array<{ _type: string; _key: string }>;
      relationships?: Array<{ _type: string; _key: string }>;
    };
    for (const entity of data.entities ?? []) {
      summary.entities[entity._type] =
        (summary.entities[entity._type] ?? 0) + 1;
      if (seen.has(entity._key)) summary.duplicateKeys += 1;
      seen.add(entity._key);
      let keys = summary.keysByType.get(entity._type);
      if (!keys) summary.keysByType.set(entity._type, (keys = new Set()));
      keys.add(entity._key);
    }
    for (const relationship of data.relationships ?? []) {
      summary.relationships[relationship._type] =
        (summary.relationships[relationship._type] ?? 0) + 1;
      if (seen.has(relationship._key)) summary.duplicateKeys += 1;
      seen.add(relationship._key);
    }
  }
  return summary;
}

export function listJsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/** Every file under a directory, for scans such as the secret canary. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
