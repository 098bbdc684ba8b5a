import { Entities, Relationships } from '../src/steps/constants';
import { identityTruth, postureTruth, SimulatedTenant } from './simulator';

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
    },
  };
}
