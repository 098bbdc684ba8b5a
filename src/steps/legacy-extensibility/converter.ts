import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { HookRecord, RuleRecord } from '../../api/extensibilityRecords';
import { Entities } from '../constants';
import { bool, num, str } from '../values';

/** What the summary needs of a legacy list: counts, and whether Auth0 offered it at all. */
export interface LegacySummary {
  available: boolean;
  total: number;
  enabled: number;
}

export function getRuleKey(id: string): string {
  return `auth0-rule:${id}`;
}

export function getHookKey(id: string): string {
  return `auth0-hook:${id}`;
}

/** A legacy rule (end of life 18 November 2026): enabled, order, stage; never its script. */
export function createRuleEntity(
  rule: RuleRecord,
  dashboardUrl: string,
): Entity {
  const enabled = bool(rule.enabled) ?? false;
  const name = str(rule.name) ?? rule.id;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: rule }],
        _key: getRuleKey(rule.id),
        _type: Entities.RULE._type,
        _class: Entities.RULE._class,
        id: rule.id,
        name,
        displayName: name,
        enabled,
        active: enabled,
        order: num(rule.order),
        stage: str(rule.stage),
        trigger: str(rule.stage),
        legacy: true,
        webLink: `${dashboardUrl}rules/${encodeURIComponent(rule.id)}`,
      },
    },
  });
}

/** A legacy hook: trigger, enabled, npm dependencies as `name@version`; never its script or secrets. */
export function createHookEntity(
  hook: HookRecord,
  dashboardUrl: string,
): Entity {
  const enabled = bool(hook.enabled) ?? false;
  const name = str(hook.name) ?? hook.id;
  const dependencies = Object.entries(hook.dependencies ?? {})
    .map(([pkg, version]) => `${pkg}@${version}`)
    .sort();
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: hook }],
        _key: getHookKey(hook.id),
        _type: Entities.HOOK._type,
        _class: Entities.HOOK._class,
        id: hook.id,
        name,
        displayName: name,
        enabled,
        active: enabled,
        triggerId: str(hook.triggerId),
        trigger: str(hook.triggerId),
        dependencies,
        dependencyCount: dependencies.length,
        legacy: true,
        webLink: `${dashboardUrl}hooks`,
      },
    },
  });
}
