export type {
  Auth0ClientRecord,
  Auth0UserRecord,
  SimulatedTenant,
  TenantSpec,
} from './tenant';
export { generateTenant, generateUsers } from './tenant';
export type {
  RunningSimulator,
  SimulatorOptions,
  SimulatorStats,
} from './server';
export { startSimulator } from './server';
export type { LuceneQuery } from './lucene';
export {
  escapeLucene,
  LuceneSyntaxError,
  matchesQuery,
  parseLucene,
} from './lucene';
