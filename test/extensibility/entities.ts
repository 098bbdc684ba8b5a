import { Entity } from '@jupiterone/integration-sdk-core';

import {
  pickAction,
  pickCustomDomain,
  pickEmailProvider,
  pickHook,
  pickLogStream,
  pickRule,
} from '../../src/api/extensibilityRecords';
import {
  createActionEntity,
  createActionTriggerEntity,
  createNpmPackageEntity,
  deployedDependencies,
} from '../../src/steps/actions/converter';
import { createCustomDomainEntity } from '../../src/steps/custom-domains/converter';
import { createEmailProviderEntity } from '../../src/steps/email-provider/converter';
import { createExtensibilitySummaryEntity } from '../../src/steps/extensibility-summary/converter';
import {
  createHookEntity,
  createRuleEntity,
} from '../../src/steps/legacy-extensibility/converter';
import {
  createLogStreamEntity,
  summarizeLogStreams,
} from '../../src/steps/log-streams/converter';
import { generateTenant } from '../simulator';

/**
 * What the extensibility converters produce for an old tenant's records
 * (actions, triggers, packages, rules, hooks, log streams, custom domains,
 * the email provider and the summary), for the tests that check J1QL in the
 * docs and the managed questions against real property names.
 */
export function extensibilityEntities(dashboard: string): Entity[] {
  const x = generateTenant({
    seed: 3,
    users: 1,
    clients: 2,
    extensibility: { variant: 'legacy' },
  }).extensibility!;
  const raw = (record: object) => record as unknown as Record<string, unknown>;
  const actions = x.actions.map((a) => pickAction(raw(a)));
  const streams = x.logStreams.map((s) => pickLogStream(raw(s)));
  const rules = x.rules!.map((r) => pickRule(raw(r)));
  const hooks = x.hooks!.map((h) => pickHook(raw(h)));
  const count = (items: Array<{ enabled?: boolean }>) => ({
    available: true,
    total: items.length,
    enabled: items.filter((i) => i.enabled).length,
  });
  return [
    ...actions.map((a) =>
      createActionEntity(a, dashboard, [{ triggerId: 'post-login', order: 1 }]),
    ),
    ...actions.flatMap((a) =>
      deployedDependencies(a).map(createNpmPackageEntity),
    ),
    ...Object.entries(x.bindings).map(([id, bindings]) =>
      createActionTriggerEntity(
        { id, version: 'v3' },
        bindings.map((b) => ({
          id: b.id,
          display_name: b.display_name,
          action: { id: b.actionId },
        })),
        dashboard,
      ),
    ),
    ...rules.map((r) => createRuleEntity(r, dashboard)),
    ...hooks.map((h) => createHookEntity(h, dashboard)),
    ...streams.map((s) => createLogStreamEntity(s, dashboard)),
    ...x.customDomains!.map((d) =>
      createCustomDomainEntity(pickCustomDomain(raw(d)), dashboard),
    ),
    createEmailProviderEntity(
      pickEmailProvider(x.emailProvider!),
      'auth0-account:instance',
    ),
    createExtensibilitySummaryEntity({
      accountKey: 'auth0-account:instance',
      tenant: 'demo-tenant.us.auth0.com',
      rules: count(rules),
      hooks: count(hooks),
      logStreams: summarizeLogStreams(streams),
    }),
  ];
}
