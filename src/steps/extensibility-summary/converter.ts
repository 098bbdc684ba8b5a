import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';
import { LegacySummary } from '../legacy-extensibility/converter';
import { LogStreamSummary } from '../log-streams/converter';

export function getExtensibilitySummaryKey(accountKey: string): string {
  return `${accountKey}:extensibility-summary`;
}

/** True when either says true; false only when both are known and false. */
function anyOf(
  a: boolean | undefined,
  b: boolean | undefined,
): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return undefined;
}

/**
 * The account-level answers, one entity per tenant (the account entity is
 * written before these are known): legacy Rules or Hooks still enabled, and
 * whether any log stream is active, paused or suspended. A count whose step
 * did not complete is left unset rather than guessed.
 */
export function createExtensibilitySummaryEntity(input: {
  accountKey: string;
  tenant: string;
  rules?: LegacySummary;
  hooks?: LegacySummary;
  logStreams?: LogStreamSummary;
}): Entity {
  const { rules, hooks, logStreams } = input;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: getExtensibilitySummaryKey(input.accountKey),
        _type: Entities.EXTENSIBILITY_SUMMARY._type,
        _class: Entities.EXTENSIBILITY_SUMMARY._class,
        name: `${input.tenant} extensibility and log streaming`,
        displayName: `${input.tenant} extensibility and log streaming`,
        tenant: input.tenant,
        rulesAvailable: rules?.available,
        ruleCount: rules?.total,
        enabledRuleCount: rules?.enabled,
        hooksAvailable: hooks?.available,
        hookCount: hooks?.total,
        enabledHookCount: hooks?.enabled,
        legacyExtensibilityInUse: anyOf(
          rules && rules.enabled > 0,
          hooks && hooks.enabled > 0,
        ),
        logStreamCount: logStreams?.total,
        activeLogStreamCount: logStreams?.active,
        pausedLogStreamCount: logStreams?.paused,
        suspendedLogStreamCount: logStreams?.suspended,
        hasActiveLogStream: logStreams && logStreams.active > 0,
        hasPausedOrSuspendedLogStream:
          logStreams && logStreams.paused + logStreams.suspended > 0,
      },
    },
  });
}
