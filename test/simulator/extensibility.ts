/**
 * The simulator's extensibility and monitoring endpoints: actions, triggers
 * and bindings, legacy rules and hooks (and hook secrets), log streams,
 * custom domains and the email provider. A tenant generated without
 * `extensibility` answers like a new tenant: the trigger list, no action,
 * Rules and Hooks refused as deprecated, no log stream, no custom domain on
 * its plan (403) and no email provider (404). Sources and the harsher
 * readings taken where the facts are silent are listed in
 * docs/development.md ("Simulator fidelity: extensibility and monitoring").
 */
import type { IdentityReply, IdentityRoute } from './identity';
import { error, flag, integer, QueryError, withQueryErrors } from './paging';
import {
  LegacyRefusal,
  SimulatedExtensibility,
  TRIGGERS,
  UNAVAILABLE_BINDING_TRIGGERS,
} from './extensibilityTenant';
import type { SimulatedTenant } from './tenant';

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;
/** Actions and bindings apply at most 50 whatever is asked (AUTH0-API.md, "Page size the server applied"). */
const ACTIONS_APPLIED_CAP = 50;

/** A new tenant: created after Rules and Hooks were closed to new tenants. */
const NEW_TENANT: SimulatedExtensibility = {
  actions: [],
  triggers: TRIGGERS,
  bindings: {},
  unavailableBindingTriggers: UNAVAILABLE_BINDING_TRIGGERS,
  legacyRefusal: 'deprecated',
  logStreams: [],
  shortPages: false,
};

function refusal(kind: LegacyRefusal): IdentityReply {
  switch (kind) {
    case 404:
      return error(404, 'Not Found', 'Not Found');
    case 501:
      return error(501, 'Not Implemented', 'Not Implemented');
    case 'feature_not_enabled':
      return error(
        403,
        'Forbidden',
        'This feature is not enabled for this tenant.',
        'feature_not_enabled',
      );
    default:
      // The error code is not documented: only the message says why (harsher).
      return error(
        403,
        'Forbidden',
        'This is a deprecated feature and is no longer available for this tenant.',
        'operation_not_supported',
      );
  }
}

/** Keeps (or, with include_fields=false, drops) the listed top-level fields. */
function selectFields(
  url: URL,
  record: Record<string, unknown>,
  includeByDefault = true,
): Record<string, unknown> {
  const fields = (url.searchParams.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) return record;
  const include = flag(url.searchParams, 'include_fields') ?? includeByDefault;
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => fields.includes(key) === include),
  );
}

class ExtensibilityApi {
  /** Pages already served once (for `shortPages`). */
  private readonly served = new Set<string>();

  constructor(private readonly getTenant: () => SimulatedTenant) {}

  private get x(): SimulatedExtensibility {
    return this.getTenant().extensibility ?? NEW_TENANT;
  }

  /**
   * `page`/`per_page` with the size applied echoed; with `shortPages` the
   * first read of a page that is not the last leaves its last item out.
   */
  private appliedSlice<T>(
    url: URL,
    list: string,
    items: readonly T[],
    cap: number,
  ): { slice: T[]; page: number; applied: number; start: number } {
    const params = url.searchParams;
    const page = integer(params, 'page', 0);
    const asked = integer(params, 'per_page', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const applied = Math.min(asked === 0 ? DEFAULT_PAGE_SIZE : asked, cap);
    const start = page * applied;
    let slice = items.slice(start, start + applied);
    const readKey = `${list}|${page}|${applied}`;
    const more = start + applied < items.length;
    if (this.x.shortPages && more && !this.served.has(readKey)) {
      slice = slice.slice(0, -1);
    }
    this.served.add(readKey);
    return { slice, page, applied, start };
  }

  private actionView(actionId: string): Record<string, unknown> | undefined {
    return this.x.actions.find((a) => a.id === actionId);
  }

  listActions(url: URL): IdentityReply {
    if (url.searchParams.has('include_totals')) {
      // AUTH0-API.md: include_totals is rejected as an additional property.
      throw new QueryError(
        "Query validation error: 'Additional properties not allowed: include_totals' on property include_totals",
      );
    }
    const { slice, applied } = this.appliedSlice(
      url,
      'actions',
      this.x.actions,
      ACTIONS_APPLIED_CAP,
    );
    // Recorded: `{"actions":[],"per_page":50}`; total and page are left out (harsher).
    return { status: 200, body: { actions: slice, per_page: applied } };
  }

  listTriggers(): IdentityReply {
    return { status: 200, body: { triggers: this.x.triggers } };
  }

  listBindings(url: URL, triggerId: string): IdentityReply {
    if (url.searchParams.has('include_totals')) {
      throw new QueryError(
        "Query validation error: 'Additional properties not allowed: include_totals' on property include_totals",
      );
    }
    if (!this.x.triggers.some((t) => t.id === triggerId)) {
      return error(404, 'Not Found', `Trigger ${triggerId} not found`);
    }
    if (this.x.unavailableBindingTriggers.includes(triggerId)) {
      return error(
        403,
        'Forbidden',
        `The ${triggerId} trigger is not available on your current plan.`,
        'feature_not_enabled',
      );
    }
    const bindings = (this.x.bindings[triggerId] ?? []).map(
      ({ actionId, ...binding }) => ({
        ...binding,
        // The whole action, code included, as Auth0 sends it in each binding.
        action: this.actionView(actionId),
      }),
    );
    const { slice, page, applied } = this.appliedSlice(
      url,
      `bindings:${triggerId}`,
      bindings,
      ACTIONS_APPLIED_CAP,
    );
    return {
      status: 200,
      body: {
        bindings: slice,
        total: bindings.length,
        page,
        per_page: applied,
      },
    };
  }

  private legacyList<T extends { enabled: boolean }>(
    url: URL,
    key: string,
    items: readonly T[] | undefined,
    view: (item: T) => Record<string, unknown>,
    includeByDefault: boolean,
  ): IdentityReply {
    if (items === undefined) return refusal(this.x.legacyRefusal);
    const enabled = flag(url.searchParams, 'enabled');
    const filtered = items.filter(
      (item) => enabled === undefined || item.enabled === enabled,
    );
    const { slice, start, applied } = this.appliedSlice(
      url,
      key,
      filtered,
      MAX_PAGE_SIZE,
    );
    const records = slice.map((item) =>
      selectFields(url, view(item), includeByDefault),
    );
    if (!flag(url.searchParams, 'include_totals')) {
      return { status: 200, body: records };
    }
    return {
      status: 200,
      body: { [key]: records, start, limit: applied, total: filtered.length },
    };
  }

  listRules(url: URL): IdentityReply {
    return this.legacyList(url, 'rules', this.x.rules, (r) => ({ ...r }), true);
  }

  listHooks(url: URL): IdentityReply {
    // Hooks' `fields` only includes (there is no include_fields).
    return this.legacyList(
      url,
      'hooks',
      this.x.hooks,
      ({ secrets: _secrets, ...hook }) => hook,
      true,
    );
  }

  hookSecrets(id: string): IdentityReply {
    if (this.x.hooks === undefined) return refusal(this.x.legacyRefusal);
    const hook = this.x.hooks.find((h) => h.id === id);
    if (!hook) return error(404, 'Not Found', 'Hook not found');
    return {
      status: 200,
      body: Object.fromEntries(
        Object.keys(hook.secrets).map((name) => [name, '_VALUE_NOT_SHOWN_']),
      ),
    };
  }

  logStreams(): IdentityReply {
    return { status: 200, body: this.x.logStreams };
  }

  customDomains(url: URL): IdentityReply {
    const domains = this.x.customDomains;
    if (domains === undefined) {
      // A plan without custom domains (AUTH0-API.md); the message is an assumption.
      return error(
        403,
        'Forbidden',
        'There must be a verified credit card on file to perform this operation',
      );
    }
    return {
      status: 200,
      body: domains.map((domain) => selectFields(url, domain)),
    };
  }

  emailProvider(url: URL): IdentityReply {
    const provider = this.x.emailProvider;
    if (!provider) {
      return error(
        404,
        'Not Found',
        'There is not an email provider configured.',
        'inexistent_email_provider',
      );
    }
    const fields = url.searchParams.get('fields');
    // Without fields, only name and enabled (auth0@7.1.0 reference).
    if (!fields) {
      return {
        status: 200,
        body: { name: provider.name, enabled: provider.enabled },
      };
    }
    // Credentials are returned when asked for (harsher than "never returned").
    return { status: 200, body: selectFields(url, provider) };
  }
}

/** The routes, for server.ts's route table; `getTenant` is read on each request. */
export function extensibilityRoutes(
  getTenant: () => SimulatedTenant,
): IdentityRoute[] {
  const api = new ExtensibilityApi(getTenant);
  const route = (
    path: string,
    name: string,
    scope: string,
    handle: IdentityRoute['handle'],
  ): IdentityRoute => ({
    method: 'GET',
    pattern: new RegExp(`^/api/v2/${path}/?$`),
    name: `GET /api/v2/${name}`,
    scopes: [scope],
    handle,
  });
  return withQueryErrors([
    route('actions/actions', 'actions/actions', 'read:actions', (url) =>
      api.listActions(url),
    ),
    route('actions/triggers', 'actions/triggers', 'read:actions', () =>
      api.listTriggers(),
    ),
    route(
      'actions/triggers/([^/]+)/bindings',
      'actions/triggers/:id/bindings',
      'read:actions',
      (url, match) => api.listBindings(url, decodeURIComponent(match[1])),
    ),
    route('rules', 'rules', 'read:rules', (url) => api.listRules(url)),
    route('hooks', 'hooks', 'read:hooks', (url) => api.listHooks(url)),
    route(
      'hooks/([^/]+)/secrets',
      'hooks/:id/secrets',
      'read:hooks',
      (_url, match) => api.hookSecrets(decodeURIComponent(match[1])),
    ),
    route('log-streams', 'log-streams', 'read:log_streams', () =>
      api.logStreams(),
    ),
    route('custom-domains', 'custom-domains', 'read:custom_domains', (url) =>
      api.customDomains(url),
    ),
    route('emails/provider', 'emails/provider', 'read:email_provider', (url) =>
      api.emailProvider(url),
    ),
  ]);
}
