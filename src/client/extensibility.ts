import { ManagementError } from 'auth0';

import { AppliedPage, forEachAppliedPage } from '../api/appliedPaging';
import {
  ActionBindingRecord,
  ActionRecord,
  ActionTriggerRecord,
  CUSTOM_DOMAIN_FIELDS,
  CustomDomainRecord,
  EMAIL_PROVIDER_FIELDS,
  EmailProviderRecord,
  HOOK_FIELDS,
  HookRecord,
  LogStreamRecord,
  pickAction,
  pickActionBinding,
  pickActionTrigger,
  pickCustomDomain,
  pickEmailProvider,
  pickHook,
  pickLogStream,
  pickRule,
  RULE_FIELDS,
  RuleRecord,
} from '../api/extensibilityRecords';
import { isObject } from '../api/records';
import { Auth0Session, PAGE_SIZE, ResourceIteratee } from './session';

/** Rules and Hooks answer this way on tenants that cannot use them (or no longer): that means none. */
export type LegacyAvailability = 'available' | 'refused';

export interface CustomDomainsResult {
  /** false when the plan has no custom domains (403) */
  available: boolean;
  domains: CustomDomainRecord[];
}

interface Envelope {
  items: Record<string, unknown>[];
  applied?: number;
  total?: number;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** The items under `key` of an offset envelope, with the applied size (`per_page` or `limit`) and total. */
function envelope(
  body: unknown,
  key: string,
  appliedField: 'per_page' | 'limit',
): Envelope {
  if (Array.isArray(body)) return { items: body.filter(isObject) };
  if (!isObject(body)) return { items: [] };
  const items = Array.isArray(body[key]) ? body[key].filter(isObject) : [];
  return {
    items,
    applied: numberOf(body[appliedField]),
    total: numberOf(body.total),
  };
}

function errorCode(err: ManagementError): string | undefined {
  const body = err.body;
  return isObject(body) && typeof body.errorCode === 'string'
    ? body.errorCode
    : undefined;
}

function errorMessage(err: ManagementError): string {
  const body = err.body;
  return isObject(body) && typeof body.message === 'string' ? body.message : '';
}

/**
 * A tenant without Rules or Hooks (created after they were retired, or past
 * their end of life) answers 403 "deprecated feature" or
 * `feature_not_enabled`, 404 or 501 (AUTH0-API.md, "Extensibility and
 * monitoring"). A missing scope is not one of them.
 */
export function isLegacyRefusal(err: unknown): boolean {
  if (!(err instanceof ManagementError)) return false;
  if (err.statusCode === 404 || err.statusCode === 501) return true;
  if (err.statusCode !== 403) return false;
  const code = errorCode(err);
  if (code === 'insufficient_scope') return false;
  return (
    code === 'feature_not_enabled' ||
    /deprecat|not enabled|not available/i.test(errorMessage(err))
  );
}

/** A 4xx for one trigger's bindings (not a token, scope or rate problem): that trigger is skipped. */
function isTriggerUnavailable(err: unknown): boolean {
  if (!(err instanceof ManagementError) || err.statusCode === undefined) {
    return false;
  }
  const status = err.statusCode;
  return (
    status >= 400 &&
    status < 500 &&
    status !== 401 &&
    status !== 408 &&
    status !== 429 &&
    errorCode(err) !== 'insufficient_scope'
  );
}

/**
 * Actions and their triggers and bindings, legacy Rules and Hooks, log
 * streams, custom domains and the email provider. Records come out of the
 * allow-lists in `api/extensibilityRecords.ts`: no code, no script, no sink
 * credential, no hook secret (their endpoint is never called).
 */
export class ExtensibilityClient {
  constructor(private readonly session: Auth0Session) {}

  /** Pages by the applied size; `first` is false for a record a re-read or overlapping page repeats. */
  private async iterateApplied<T>(
    fetchPage: (page: number, perPage: number) => Promise<Envelope>,
    pickRecord: (raw: Record<string, unknown>) => T,
    keyOf: (record: T) => string | undefined,
    onRecord: (
      record: T,
      position: number,
      first: boolean,
    ) => void | Promise<void>,
  ): Promise<void> {
    const seen = new Set<string>();
    await forEachAppliedPage<Record<string, unknown>>(
      PAGE_SIZE,
      async (page, perPage): Promise<AppliedPage<Record<string, unknown>>> =>
        fetchPage(page, perPage),
      async (items, offset) => {
        let fresh = 0;
        for (const [index, raw] of items.entries()) {
          const record = pickRecord(raw);
          const key = keyOf(record);
          if (!key) continue;
          const first = !seen.has(key);
          if (first) fresh++;
          seen.add(key);
          await onRecord(record, offset + index, first);
        }
        return fresh;
      },
    );
  }

  /** Every action, deployed or not; `include_totals` is never sent (the Actions API rejects it). */
  async iterateActions(
    iteratee: ResourceIteratee<ActionRecord>,
  ): Promise<void> {
    await this.iterateApplied(
      (page, perPage) =>
        this.session.call('GET /api/v2/actions/actions', async (management) => {
          const result = await management.actions.list({
            page,
            per_page: perPage,
          });
          return envelope(result.response, 'actions', 'per_page');
        }),
      pickAction,
      (action) => action.id,
      async (action, _position, first) => {
        if (first) await iteratee(action);
      },
    );
  }

  /** The trigger ids of the tenant, once each (Auth0 lists one entry per id and version). */
  async listActionTriggers(): Promise<ActionTriggerRecord[]> {
    const body: unknown = await this.session.call(
      'GET /api/v2/actions/triggers',
      (management) => management.actions.triggers.list(),
    );
    const triggers =
      isObject(body) && Array.isArray(body.triggers)
        ? body.triggers.filter(isObject).map(pickActionTrigger)
        : [];
    const byId = new Map<string, ActionTriggerRecord>();
    for (const trigger of triggers) {
      if (typeof trigger.id !== 'string' || trigger.id === '') continue;
      const known = byId.get(trigger.id);
      // Prefer the version Auth0 marks current.
      if (
        !known ||
        (known.status !== 'CURRENT' && trigger.status === 'CURRENT')
      ) {
        byId.set(trigger.id, trigger);
      }
    }
    return [...byId.values()];
  }

  /**
   * The trigger's bindings in execution order, or undefined when Auth0
   * refuses bindings for this trigger (some plans answer 4xx for some
   * triggers): the caller skips it and keeps the rest.
   */
  async listTriggerBindings(
    triggerId: string,
  ): Promise<ActionBindingRecord[] | undefined> {
    const endpoint = `GET /api/v2/actions/triggers/${encodeURIComponent(
      triggerId,
    )}/bindings`;
    const positions = new Map<
      string,
      { position: number; binding: ActionBindingRecord }
    >();
    let unavailable = false;
    await this.iterateApplied(
      (page, perPage) =>
        this.session.call(endpoint, async (management) => {
          try {
            const result = await management.actions.triggers.bindings.list(
              triggerId as never,
              { page, per_page: perPage },
            );
            return envelope(result.response, 'bindings', 'per_page');
          } catch (err) {
            if (page === 0 && isTriggerUnavailable(err)) {
              unavailable = true;
              return { items: [] };
            }
            throw err;
          }
        }),
      pickActionBinding,
      (binding) => binding.id,
      (binding, position) => {
        // The latest read of a page tells a binding's place.
        positions.set(binding.id, { position, binding });
      },
    );
    if (unavailable) {
      this.session.logger.info(
        { triggerId },
        'Auth0 does not offer bindings for this trigger on this tenant; skipping it',
      );
      return undefined;
    }
    return [...positions.values()]
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.binding);
  }

  /** Legacy rules without their script (not even asked for); `refused` on tenants without Rules. */
  async iterateRules(
    iteratee: ResourceIteratee<RuleRecord>,
  ): Promise<LegacyAvailability> {
    return this.iterateLegacy(
      'GET /api/v2/rules',
      'rules',
      (management, page, perPage) =>
        management.rules.list({
          page,
          per_page: perPage,
          include_totals: true,
          fields: RULE_FIELDS.join(','),
          include_fields: true,
        }),
      pickRule,
      iteratee,
    );
  }

  /** Legacy hooks without their script (not even asked for) or secrets; `refused` on tenants without Hooks. */
  async iterateHooks(
    iteratee: ResourceIteratee<HookRecord>,
  ): Promise<LegacyAvailability> {
    return this.iterateLegacy(
      'GET /api/v2/hooks',
      'hooks',
      (management, page, perPage) =>
        management.hooks.list({
          page,
          per_page: perPage,
          include_totals: true,
          fields: HOOK_FIELDS.join(','),
        }),
      pickHook,
      iteratee,
    );
  }

  private async iterateLegacy<T extends { id: string }>(
    endpoint: string,
    key: string,
    list: (
      management: Auth0Session['management'],
      page: number,
      perPage: number,
    ) => Promise<{ response: unknown }>,
    pickRecord: (raw: Record<string, unknown>) => T,
    iteratee: ResourceIteratee<T>,
  ): Promise<LegacyAvailability> {
    let refused = false;
    await this.iterateApplied(
      (page, perPage) =>
        this.session.call(endpoint, async (management) => {
          try {
            const result = await list(management, page, perPage);
            return envelope(result.response, key, 'limit');
          } catch (err) {
            if (page === 0 && isLegacyRefusal(err)) {
              refused = true;
              return { items: [] };
            }
            throw err;
          }
        }),
      pickRecord,
      (record) => record.id,
      async (record, _position, first) => {
        if (first) await iteratee(record);
      },
    );
    if (refused) {
      this.session.logger.info(
        { endpoint },
        'Auth0 refuses this legacy extensibility endpoint on this tenant (retired or never enabled): none collected',
      );
    }
    return refused ? 'refused' : 'available';
  }

  /** Log streams with their sinks reduced to non-secret identity (one unpaged list). */
  async listLogStreams(): Promise<LogStreamRecord[]> {
    const body: unknown = await this.session.call(
      'GET /api/v2/log-streams',
      (management) => management.logStreams.list(),
    );
    const seen = new Set<string>();
    return (Array.isArray(body) ? body.filter(isObject) : [])
      .map(pickLogStream)
      .filter((stream) => {
        if (typeof stream.id !== 'string' || seen.has(stream.id)) return false;
        seen.add(stream.id);
        return true;
      });
  }

  /** Custom domains; a plan without them answers 403, which means none. */
  async listCustomDomains(): Promise<CustomDomainsResult> {
    const result = await this.session.call(
      'GET /api/v2/custom-domains',
      async (management) => {
        try {
          return {
            available: true,
            body: (await management.customDomains.list({
              fields: CUSTOM_DOMAIN_FIELDS.join(','),
              include_fields: true,
            })) as unknown,
          };
        } catch (err) {
          if (
            err instanceof ManagementError &&
            err.statusCode === 403 &&
            errorCode(err) !== 'insufficient_scope'
          ) {
            return { available: false, body: [] as unknown };
          }
          throw err;
        }
      },
    );
    const seen = new Set<string>();
    const domains = (
      Array.isArray(result.body) ? result.body.filter(isObject) : []
    )
      .map(pickCustomDomain)
      .filter((domain) => {
        const id = domain.custom_domain_id;
        if (typeof id !== 'string' || id === '' || seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    return { available: result.available, domains };
  }

  /** The email provider's name, state and from address, or undefined when none is set up (404). */
  async getEmailProvider(): Promise<EmailProviderRecord | undefined> {
    const body: unknown = await this.session.call(
      'GET /api/v2/emails/provider',
      async (management) => {
        try {
          return await management.emails.provider.get({
            fields: EMAIL_PROVIDER_FIELDS.join(','),
            include_fields: true,
          });
        } catch (err) {
          if (err instanceof ManagementError && err.statusCode === 404) {
            return undefined;
          }
          throw err;
        }
      },
    );
    return isObject(body) ? pickEmailProvider(body) : undefined;
  }
}
