export type {
  Auth0ClientRecord,
  Auth0UserRecord,
  SimulatedTenant,
  TenantSpec,
} from './tenant';
export { DEFAULT_SCOPES, generateTenant, generateUsers } from './tenant';
export type {
  Auth0ClientGrantRecord,
  Auth0OrganizationRecord,
  Auth0ResourceServerRecord,
  Auth0RoleRecord,
  IdentitySpec,
  IdentityTruth,
  SimulatedIdentity,
  SimulatedOrganization,
  SimulatedRole,
} from './identityTenant';
export { IDENTITY_SCOPES, identityTruth, isWriteScope } from './identityTenant';
export type {
  Auth0ConnectionRecord,
  GuardianFactorRecord,
  PostureSpec,
  PostureTruth,
  SimulatedConnection,
  SimulatedPosture,
  SimulatedSigningKey,
} from './postureTenant';
export { POSTURE_SCOPES, postureTruth } from './postureTenant';
export { signingCertificate } from './posture';
export type {
  ExtensibilitySpec,
  ExtensibilityTruth,
  LegacyRefusal,
  SimulatedExtensibility,
} from './extensibilityTenant';
export {
  EXTENSIBILITY_SCOPES,
  extensibilityTruth,
} from './extensibilityTenant';
export type {
  RunningSimulator,
  SimulatorOptions,
  SimulatorStats,
} from './server';
export { exportJobProcessingMs, startSimulator } from './server';
export type { FaultKind, FaultRule } from './faults';
export type { LuceneQuery } from './lucene';
export {
  escapeLucene,
  LuceneSyntaxError,
  matchesQuery,
  parseLucene,
} from './lucene';
