import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import {
  ActionBindingRecord,
  ActionRecord,
  ActionTriggerRecord,
  DependencyRecord,
} from '../../api/extensibilityRecords';
import { Entities } from '../constants';
import { bool, num, str, unique } from '../values';

/** Where an action is bound: the trigger and its place there (1 runs first). */
export interface ActionBindingPlace {
  triggerId: string;
  order: number;
}

export function getActionKey(id: string): string {
  return `auth0-action:${id}`;
}

export function getActionTriggerKey(triggerId: string): string {
  return `auth0-action-trigger:${triggerId}`;
}

export function getNpmPackageKey(dependency: DependencyRecord): string {
  return `auth0-npm-package:${dependency.name}@${dependency.version}`;
}

function packageId(dependency: DependencyRecord): string {
  return `${dependency.name}@${dependency.version}`;
}

/** The packages the deployed version runs with; an action never deployed runs nothing. */
export function deployedDependencies(action: ActionRecord): DependencyRecord[] {
  const seen = new Set<string>();
  return (action.deployed_version?.dependencies ?? []).filter((dependency) => {
    const id = packageId(dependency);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * An action as a `Function`: build state, what is deployed (version,
 * runtime, dependencies, a hash of the deployed code), secret names only,
 * the triggers it supports and those it is bound to with its place in each,
 * and whether it comes from the Marketplace. The record never holds code.
 */
export function createActionEntity(
  action: ActionRecord,
  dashboardUrl: string,
  places: ActionBindingPlace[],
): Entity {
  const deployed = action.deployed_version;
  const isDeployed = deployed !== undefined && deployed.deployed !== false;
  const secrets = unique((action.secrets ?? []).map((s) => s.name));
  const supported = unique((action.supported_triggers ?? []).map((t) => t.id));
  const sortedPlaces = [...places].sort(
    (a, b) => a.triggerId.localeCompare(b.triggerId) || a.order - b.order,
  );
  const integration = action.integration;
  const marketplace =
    integration !== undefined ||
    str(action.installed_integration_id) !== undefined;
  const name = str(action.name) ?? action.id;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: action }],
        _key: getActionKey(action.id),
        _type: Entities.ACTION._type,
        _class: Entities.ACTION._class,
        id: action.id,
        name,
        displayName: name,
        runtime: str(deployed?.runtime) ?? str(action.runtime),
        draftRuntime: str(action.runtime),
        buildStatus: str(action.status),
        deployed: isDeployed,
        allChangesDeployed: bool(action.all_changes_deployed),
        version: num(deployed?.number)?.toString(),
        deployedVersionId: str(deployed?.id),
        deployedVersionStatus: str(deployed?.status),
        deployedOn: parseTimePropertyValue(str(deployed?.created_at)),
        createdOn: parseTimePropertyValue(str(action.created_at)),
        updatedOn: parseTimePropertyValue(str(action.updated_at)),
        builtOn: parseTimePropertyValue(
          str(deployed?.built_at) ?? str(action.built_at),
        ),
        supportedTriggers: supported,
        trigger: supported[0],
        boundTriggers: unique(sortedPlaces.map((p) => p.triggerId)),
        bindingOrders: sortedPlaces.map((p) => `${p.triggerId}:${p.order}`),
        bound: sortedPlaces.length > 0,
        // Runs at login only when deployed and bound to a trigger.
        active: isDeployed && sortedPlaces.length > 0,
        secretNames: secrets,
        secretCount: secrets.length,
        dependencies: deployedDependencies(action).map(packageId),
        dependencyCount: deployedDependencies(action).length,
        draftDependencies: unique((action.dependencies ?? []).map(packageId)),
        codeHash: str(deployed?.code_sha256),
        draftCodeHash: str(action.code_sha256),
        marketplace,
        integrationId:
          str(integration?.id) ?? str(action.installed_integration_id),
        integrationName: str(integration?.name),
        integrationCatalogId: str(integration?.catalog_id),
        integrationFeatureType: str(integration?.feature_type),
        webLink: `${dashboardUrl}actions/library/details/${encodeURIComponent(
          action.id,
        )}`,
      },
    },
  });
}

/**
 * A trigger that runs actions, as a `Workflow`: its bound actions by name
 * and id in execution order, so "what runs at post-login, in which order"
 * is one property.
 */
export function createActionTriggerEntity(
  trigger: ActionTriggerRecord,
  bindings: ActionBindingRecord[],
  dashboardUrl: string,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: { trigger, bindings } }],
        _key: getActionTriggerKey(trigger.id),
        _type: Entities.ACTION_TRIGGER._type,
        _class: Entities.ACTION_TRIGGER._class,
        id: trigger.id,
        name: trigger.id,
        displayName: trigger.id,
        triggerId: trigger.id,
        version: str(trigger.version),
        status: str(trigger.status),
        runtimes: (trigger.runtimes ?? []).filter((r) => !!str(r)),
        bindingPolicy: str(trigger.binding_policy),
        boundActions: bindings.map(
          (b) => str(b.display_name) ?? str(b.action?.name) ?? b.id,
        ),
        boundActionIds: bindings
          .map((b) => str(b.action?.id))
          .filter((id): id is string => id !== undefined),
        bindingCount: bindings.length,
        webLink: `${dashboardUrl}actions/triggers/${encodeURIComponent(
          trigger.id,
        )}/`,
      },
    },
  });
}

/** One binding: `order` is the action's place in the trigger (1 runs first). */
export function createBindingRelationship(
  trigger: Entity,
  action: Entity,
  binding: ActionBindingRecord,
  order: number,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.TRIGGERS,
    from: trigger,
    to: action,
    properties: {
      _key: `${trigger._key}|triggers|${action._key}|${binding.id}`,
      order,
      bindingId: binding.id,
      displayName: str(binding.display_name) ?? String(action.name),
      createdOn: parseTimePropertyValue(str(binding.created_at)),
    },
  });
}

/**
 * A package at one version as a `CodeModule`, shared by every action that
 * depends on it: `name` and `version` as JupiterOne matches vulnerable
 * packages on them.
 */
export function createNpmPackageEntity(dependency: DependencyRecord): Entity {
  const id = packageId(dependency);
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: dependency }],
        _key: getNpmPackageKey(dependency),
        _type: Entities.NPM_PACKAGE._type,
        _class: Entities.NPM_PACKAGE._class,
        id,
        name: dependency.name,
        displayName: id,
        fullName: id,
        version: dependency.version,
        packageManager: 'npm',
        ecosystem: 'npm',
        // A package from a private registry is not the public one of that name.
        public: dependency.registry_host === undefined,
        registryHost: dependency.registry_host,
      },
    },
  });
}

export function createActionPackageRelationship(
  action: Entity,
  npmPackage: Entity,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.USES,
    from: action,
    to: npmPackage,
    properties: { version: String(npmPackage.version) },
  });
}
