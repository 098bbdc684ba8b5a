import { Entities, Relationships } from '../src/steps/constants';
import {
  extensibilityTruth,
  identityTruth,
  postureTruth,
  SimulatedTenant,
} from './simulator';

export interface ExpectedGraph {
  entities: Record<string, number>;
  relationships: Record<string, number>;
}

/**
 * What a complete collection of a simulated tenant holds, by `_type`, counted
 * from the tenant's own records: the ground truth the demo and the tests
 * compare a collection with.
 */
export function expectedGraph(tenant: SimulatedTenant): ExpectedGraph {
  const truth = identityTruth(tenant);
  // Connections and signing keys exist only in tenants generated with `posture`.
  const posture = postureTruth(tenant);
  // Without `extensibility` a tenant answers like a new one: only the summary.
  const x = extensibilityTruth(tenant.extensibility);
  const counted = (entries: Array<[string, number]>) =>
    Object.fromEntries(entries.filter(([, count]) => count > 0));
  return {
    entities: {
      [Entities.ACCOUNT._type]: 1,
      [Entities.CLIENT._type]: tenant.clients.length,
      [Entities.USER._type]: tenant.users.length,
      [Entities.SERVER._type]: truth.resourceServers,
      [Entities.ROLE._type]: truth.roles,
      [Entities.ORGANIZATION._type]: truth.organizations,
      ...(posture && {
        [Entities.CONNECTION._type]: posture.connections,
        [Entities.SIGNING_KEY._type]: posture.signingKeys,
      }),
      ...counted([
        [Entities.ACTION._type, x.actions],
        [Entities.ACTION_TRIGGER._type, x.triggersWithBindings],
        [Entities.NPM_PACKAGE._type, x.npmPackages],
        [Entities.RULE._type, x.rules],
        [Entities.HOOK._type, x.hooks],
        [Entities.LOG_STREAM._type, x.logStreams],
        [Entities.CUSTOM_DOMAIN._type, x.customDomains],
        [Entities.EMAIL_PROVIDER._type, x.emailProvider],
        [Entities.EXTENSIBILITY_SUMMARY._type, 1],
      ]),
    },
    relationships: {
      [Relationships.ACCOUNT_HAS_CLIENT._type]: tenant.clients.length,
      [Relationships.ACCOUNT_HAS_USER._type]: tenant.users.length,
      [Relationships.ACCOUNT_HAS_SERVER._type]: truth.resourceServers,
      [Relationships.ACCOUNT_HAS_ROLE._type]: truth.roles,
      [Relationships.ACCOUNT_HAS_ORGANIZATION._type]: truth.organizations,
      [Relationships.USER_ASSIGNED_ROLE._type]: truth.roleAssignments,
      [Relationships.ROLE_PROTECTS_SERVER._type]: truth.rolePermissionLinks,
      [Relationships.CLIENT_USES_SERVER._type]: truth.clientGrantLinks,
      [Relationships.ORGANIZATION_HAS_USER._type]:
        truth.organizationMemberships,
      ...(posture && {
        [Relationships.ACCOUNT_HAS_CONNECTION._type]: posture.connections,
        [Relationships.CLIENT_USES_CONNECTION._type]:
          posture.clientConnectionLinks,
        [Relationships.CONNECTION_HAS_USER._type]: posture.connectionUserLinks,
        [Relationships.ACCOUNT_HAS_SIGNING_KEY._type]: posture.signingKeys,
      }),
      ...counted([
        [Relationships.ACCOUNT_HAS_ACTION._type, x.actions],
        [Relationships.ACTION_TRIGGER_TRIGGERS_ACTION._type, x.bindings],
        [Relationships.ACTION_USES_NPM_PACKAGE._type, x.actionPackageLinks],
        [Relationships.ACCOUNT_HAS_RULE._type, x.rules],
        [Relationships.ACCOUNT_HAS_HOOK._type, x.hooks],
        [Relationships.ACCOUNT_HAS_LOG_STREAM._type, x.logStreams],
        [Relationships.ACCOUNT_HAS_CUSTOM_DOMAIN._type, x.customDomains],
        [Relationships.ACCOUNT_USES_EMAIL_PROVIDER._type, x.emailProvider],
        [Relationships.ACCOUNT_HAS_EXTENSIBILITY_SUMMARY._type, 1],
      ]),
    },
  };
}
