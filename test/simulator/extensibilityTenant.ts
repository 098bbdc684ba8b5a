/**
 * Seeded generation of the code that runs in a tenant's login flows and of
 * where its logs and mail go: actions (with their code, deployed versions
 * and npm dependencies), the triggers and their bindings, legacy rules and
 * hooks (on an old tenant), log streams (with sink credentials), custom
 * domains and the email provider (with credentials). Records keep the raw
 * Management API shape, secrets included; with a canary, the canary is
 * planted in every action, rule and hook's code, the deployed code, each
 * hook secret, every log-stream sink credential and the email provider's
 * credentials. Shapes: AUTH0-API.md, "Extensibility and monitoring", and the
 * `auth0@7.1.0` types. Fixed dates: nothing depends on the wall clock.
 */
import { SeededRandom } from './seededRandom';

/** How a tenant without Rules or Hooks refuses them (AUTH0-API.md: 403 deprecated / feature_not_enabled, 404, 501). */
export type LegacyRefusal = 'deprecated' | 'feature_not_enabled' | 404 | 501;

export interface ExtensibilitySpec {
  /**
   * `modern` (default): actions, log streams, custom domains, an email
   * provider; Rules and Hooks refused. `legacy`: an old tenant, the same plus
   * rules and hooks. `empty`: a new tenant with none of it (no action, no log
   * stream, no custom domain, no email provider).
   */
  variant?: 'modern' | 'legacy' | 'empty';
  /** how Rules and Hooks are refused when the variant has none; default `feature_not_enabled` */
  legacyRefusal?: LegacyRefusal;
  /** generated actions bound to post-change-password, after the fixed ones, so lists span pages; default 0 */
  extraActions?: number;
  /** the first read of every page that is not the last comes back one item short; default false */
  shortPages?: boolean;
}

/** The read scopes the extensibility endpoints need. */
export const EXTENSIBILITY_SCOPES = [
  'read:actions',
  'read:rules',
  'read:hooks',
  'read:log_streams',
  'read:custom_domains',
  'read:email_provider',
];

export interface Auth0ActionRecord {
  id: string;
  name: string;
  code: string;
  [field: string]: unknown;
}

export interface SimulatedBinding {
  id: string;
  trigger_id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
  /** the bound action (served whole, code included, in the binding) */
  actionId: string;
}

export interface Auth0TriggerRecord {
  id: string;
  version: string;
  status: string;
  runtimes: string[];
  default_runtime: string;
  binding_policy: string;
  compatible_triggers: Array<{ id: string; version: string }>;
}

export interface Auth0RuleRecord {
  id: string;
  name: string;
  enabled: boolean;
  order: number;
  stage: string;
  script: string;
}

export interface SimulatedHook {
  id: string;
  name: string;
  enabled: boolean;
  triggerId: string;
  script: string;
  dependencies: Record<string, string>;
  /** served by `/hooks/:id/secrets` as names with `_VALUE_NOT_SHOWN_` (bookkeeping) */
  secrets: Record<string, string>;
}

export interface SimulatedExtensibility {
  actions: Auth0ActionRecord[];
  triggers: Auth0TriggerRecord[];
  /** trigger id -> bindings in execution order */
  bindings: Record<string, SimulatedBinding[]>;
  /** triggers whose bindings this tenant's plan refuses (4xx) */
  unavailableBindingTriggers: string[];
  /** undefined: the tenant has no Rules and refuses them */
  rules?: Auth0RuleRecord[];
  hooks?: SimulatedHook[];
  legacyRefusal: LegacyRefusal;
  logStreams: Array<Record<string, unknown> & { id: string }>;
  /** undefined: the plan has no custom domains (403) */
  customDomains?: Array<Record<string, unknown> & { custom_domain_id: string }>;
  /** undefined: none set up (404) */
  emailProvider?: Record<string, unknown>;
  shortPages: boolean;
}

export interface ExtensibilityInput {
  seed: number;
  canary?: string;
  spec: ExtensibilitySpec;
}

const TRIGGER_RUNTIMES = ['node18-actions', 'node22'];

/** One entry per id and version, as Auth0 lists them (AUTH0-API.md: de-duplicate ids). */
export const TRIGGERS: Auth0TriggerRecord[] = [
  ['post-login', 'v1', 'DEPRECATED'],
  ['post-login', 'v2', 'DEPRECATED'],
  ['post-login', 'v3', 'CURRENT'],
  ['credentials-exchange', 'v2', 'CURRENT'],
  ['pre-user-registration', 'v2', 'CURRENT'],
  ['post-user-registration', 'v2', 'CURRENT'],
  ['post-change-password', 'v2', 'CURRENT'],
  ['send-phone-message', 'v2', 'CURRENT'],
  ['password-reset-post-challenge', 'v1', 'CURRENT'],
  ['custom-phone-provider', 'v1', 'CURRENT'],
  ['custom-email-provider', 'v1', 'CURRENT'],
].map(([id, version, status]) => ({
  id,
  version,
  status,
  runtimes: TRIGGER_RUNTIMES,
  default_runtime: 'node22',
  binding_policy: 'trigger-bound',
  compatible_triggers: [],
}));

/** Bindings of these answer 403 feature_not_enabled (AUTH0-API.md: "some triggers answer 4xx ... on some plans"). */
export const UNAVAILABLE_BINDING_TRIGGERS = [
  'custom-phone-provider',
  'custom-email-provider',
];

function secret(rng: SeededRandom, canary: string | undefined): string {
  const body = rng.id('', 32);
  return canary ? `${body.slice(0, 8)}${canary}${body.slice(8)}` : body;
}

/** Realistic action code with a credential pasted in, as happens in practice. */
function code(
  rng: SeededRandom,
  canary: string | undefined,
  what: string,
): string {
  return [
    `// ${what}`,
    `const API_KEY = '${secret(rng, canary)}';`,
    'exports.onExecutePostLogin = async (event, api) => {',
    "  api.idToken.setCustomClaim('https://acme.com/key', API_KEY.length);",
    '};',
  ].join('\n');
}

interface ActionTemplate {
  name: string;
  trigger: string;
  /** deployed version number; undefined: never deployed */
  deployed?: number;
  /** the deployed version's dependencies (`name@version`) */
  deployedDeps: string[];
  /** the draft's dependencies; default the deployed ones */
  draftDeps?: string[];
  secrets: string[];
  runtime?: string;
  marketplace?: { name: string; catalog_id: string; url_slug: string };
  /** a private registry URL with a credential in it */
  privateRegistry?: boolean;
}

/** The fixed actions: deployed or not, shared packages, a Marketplace one, a never-deployed draft. */
const ACTION_TEMPLATES: ActionTemplate[] = [
  {
    name: 'Add roles to tokens',
    trigger: 'post-login',
    deployed: 3,
    deployedDeps: ['lodash@4.17.21', 'axios@1.6.8'],
    secrets: ['ROLES_API_KEY'],
  },
  {
    name: 'Block risky countries',
    trigger: 'post-login',
    deployed: 1,
    deployedDeps: ['axios@1.6.8', '@acme/geo-rules@2.1.0'],
    secrets: ['GEO_TOKEN', 'GEO_URL'],
    privateRegistry: true,
  },
  {
    name: 'Onfido identity verification',
    trigger: 'post-login',
    deployed: 2,
    deployedDeps: ['@onfido/api@3.1.0'],
    secrets: ['ONFIDO_API_TOKEN'],
    marketplace: {
      name: 'Onfido',
      catalog_id: 'onfido-identity-verification',
      url_slug: 'onfido-identity-verification',
    },
  },
  {
    name: 'M2M token claims',
    trigger: 'credentials-exchange',
    deployed: 4,
    deployedDeps: ['jsonwebtoken@8.5.1'],
    secrets: [],
    runtime: 'node18-actions',
  },
  {
    name: 'Signup allow-list',
    trigger: 'pre-user-registration',
    deployed: 2,
    deployedDeps: ['lodash@4.17.15'],
    draftDeps: ['lodash@4.17.21'],
    secrets: [],
  },
  {
    name: 'Experimental risk score',
    trigger: 'post-login',
    deployedDeps: [],
    draftDeps: ['moment@2.29.1'],
    secrets: ['RISK_API_KEY'],
  },
  {
    name: 'Notify Slack on signup',
    trigger: 'post-user-registration',
    deployed: 1,
    deployedDeps: ['axios@1.6.8'],
    secrets: ['SLACK_WEBHOOK'],
  },
  {
    name: 'SMS through Twilio',
    trigger: 'send-phone-message',
    deployed: 5,
    deployedDeps: ['twilio@4.19.0'],
    secrets: ['TWILIO_AUTH_TOKEN'],
  },
];

/** Execution order of the fixed bindings, by action name. */
const FIXED_BINDINGS: Record<string, string[]> = {
  'post-login': [
    'Add roles to tokens',
    'Onfido identity verification',
    'Block risky countries',
  ],
  'credentials-exchange': ['M2M token claims'],
  'pre-user-registration': ['Signup allow-list'],
  'send-phone-message': ['SMS through Twilio'],
};

const CREATED = Date.parse('2023-03-01T10:00:00.000Z');
const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function dependencies(
  list: string[],
  registryUrl?: string,
): Array<Record<string, string>> {
  return list.map((id) => {
    const at = id.lastIndexOf('@');
    const dependency: Record<string, string> = {
      name: id.slice(0, at),
      version: id.slice(at + 1),
    };
    if (registryUrl && id.startsWith('@acme/')) {
      dependency.registry_url = registryUrl;
    }
    return dependency;
  });
}

function makeAction(
  rng: SeededRandom,
  canary: string | undefined,
  template: ActionTemplate,
  index: number,
): Auth0ActionRecord {
  const id =
    `${rng.id('', 8)}-${rng.id('', 4)}-${rng.id('', 4)}-${rng.id('', 12)}`.toLowerCase();
  const created = CREATED + index * 3 * DAY;
  const updated = created + 40 * DAY;
  const runtime = template.runtime ?? 'node22';
  const registryUrl = template.privateRegistry
    ? `https://deploy:${secret(rng, canary)}@npm.acme.example.com/registry/`
    : undefined;
  const secrets = template.secrets.map((name) => ({
    name,
    updated_at: iso(updated),
    // Auth0 never returns values; planted to prove the allow-list drops them.
    ...(canary ? { value: secret(rng, canary) } : {}),
  }));
  const deployedCode = code(rng, canary, `${template.name} (deployed)`);
  const action: Auth0ActionRecord = {
    id,
    name: template.name,
    supported_triggers: [
      {
        id: template.trigger,
        version: template.trigger === 'post-login' ? 'v3' : 'v2',
      },
    ],
    code: code(rng, canary, template.name),
    dependencies: dependencies(
      template.draftDeps ?? template.deployedDeps,
      registryUrl,
    ),
    runtime,
    secrets,
    status: 'built',
    all_changes_deployed:
      template.deployed !== undefined && template.draftDeps === undefined,
    created_at: iso(created),
    updated_at: iso(updated),
    built_at: iso(updated + 60_000),
    modules: [],
  };
  if (template.deployed !== undefined) {
    action.deployed_version = {
      id: rng.id('', 36).toLowerCase(),
      action_id: id,
      code: deployedCode,
      dependencies: dependencies(template.deployedDeps, registryUrl),
      deployed: true,
      number: template.deployed,
      runtime,
      secrets,
      status: 'built',
      built_at: iso(updated - DAY + 60_000),
      created_at: iso(updated - DAY),
      updated_at: iso(updated - DAY + 60_000),
      supported_triggers: action.supported_triggers,
    };
  }
  if (template.marketplace) {
    action.installed_integration_id = rng.id('', 36).toLowerCase();
    action.integration = {
      id: rng.id('', 36).toLowerCase(),
      ...template.marketplace,
      partner_id: rng.id('', 36).toLowerCase(),
      description: `${template.marketplace.name} for Auth0`,
      feature_type: 'action',
      created_at: iso(CREATED),
      updated_at: iso(CREATED),
    };
  }
  return action;
}

function makeRules(
  rng: SeededRandom,
  canary: string | undefined,
): Auth0RuleRecord[] {
  return [
    ['Force MFA for admins', true, 'login_success'],
    ['Add legacy claims', true, 'login_success'],
    ['Old IP allow-list', false, 'login_success'],
  ].map(([name, enabled, stage], index) => ({
    id: rng.id('rul_'),
    name: name as string,
    enabled: enabled as boolean,
    order: index + 1,
    stage: stage as string,
    script: `function (user, context, callback) {\n  const token = '${secret(rng, canary)}';\n  callback(null, user, context);\n}`,
  }));
}

function makeHooks(
  rng: SeededRandom,
  canary: string | undefined,
): SimulatedHook[] {
  return [
    {
      name: 'client-credentials-claims',
      enabled: true,
      triggerId: 'credentials-exchange',
      dependencies: { axios: '0.21.1', 'node-fetch': '2.6.1' } as Record<
        string,
        string
      >,
      secrets: ['SLACK_TOKEN'],
    },
    {
      name: 'pre-registration-check',
      enabled: false,
      triggerId: 'pre-user-registration',
      dependencies: {} as Record<string, string>,
      secrets: [],
    },
  ].map((hook) => ({
    id: rng.id('01', 24),
    name: hook.name,
    enabled: hook.enabled,
    triggerId: hook.triggerId,
    dependencies: hook.dependencies,
    script: `module.exports = function (client, scope, audience, context, cb) {\n  const key = '${secret(rng, canary)}';\n  cb(null, {});\n};`,
    secrets: Object.fromEntries(
      hook.secrets.map((name) => [name, secret(rng, canary)]),
    ),
  }));
}

/** One stream of each sink type, every credential field filled (and canaried). */
function makeLogStreams(
  rng: SeededRandom,
  canary: string | undefined,
): Array<Record<string, unknown> & { id: string }> {
  const s = () => secret(rng, canary);
  const category = (...names: string[]) =>
    names.map((name) => ({ type: 'category', name }));
  return [
    {
      name: 'SIEM webhook',
      type: 'http',
      status: 'active',
      isPriority: true,
      filters: category('auth.login.fail', 'auth.token_exchange.fail'),
      sink: {
        httpEndpoint: `https://logs.acme-siem.example.com/auth0/ingest?token=${s()}`,
        httpContentFormat: 'JSONLINES',
        httpContentType: 'application/json',
        httpAuthorization: `Bearer ${s()}`,
        httpCustomHeaders: [{ header: 'X-Api-Key', value: s() }],
      },
    },
    {
      name: 'Datadog',
      type: 'datadog',
      status: 'paused',
      isPriority: false,
      filters: [],
      sink: { datadogApiKey: s(), datadogRegion: 'eu' },
    },
    {
      name: 'Splunk HEC',
      type: 'splunk',
      status: 'active',
      isPriority: false,
      filters: category('auth.signup.fail'),
      sink: {
        splunkDomain: 'splunk.acme.example.com',
        splunkPort: '8088',
        splunkToken: s(),
        splunkSecure: true,
      },
    },
    {
      name: 'Sumo Logic',
      type: 'sumo',
      status: 'suspended',
      isPriority: false,
      filters: [],
      sink: {
        sumoSourceAddress: `https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/${s()}`,
      },
    },
    {
      name: 'EventBridge',
      type: 'eventbridge',
      status: 'active',
      isPriority: false,
      filters: [],
      pii_config: {
        log_fields: ['first_name', 'last_name', 'email'],
        method: 'hash',
        algorithm: 'xxhash',
      },
      sink: {
        awsAccountId: '123456789012',
        awsRegion: 'us-east-1',
        awsPartnerEventSource: 'aws.partner/auth0.com/acme-7f3a/auth0.logs',
      },
    },
    {
      name: 'Event Grid',
      type: 'eventgrid',
      status: 'active',
      isPriority: false,
      filters: [],
      sink: {
        azureSubscriptionId: 'b2c1e7d4-1111-4a2b-9c3d-0e5f6a7b8c9d',
        azureRegion: 'westeurope',
        azureResourceGroup: 'acme-logs',
        azurePartnerTopic: 'auth0-logs-acme',
      },
    },
    {
      name: 'Segment',
      type: 'segment',
      status: 'active',
      isPriority: false,
      filters: [],
      sink: { segmentWriteKey: s() },
    },
    {
      name: 'Mixpanel',
      type: 'mixpanel',
      status: 'active',
      isPriority: false,
      filters: [],
      sink: {
        mixpanelRegion: 'us',
        mixpanelProjectId: '2834561',
        mixpanelServiceAccountUsername:
          'auth0-export.a1b2c3.mp-service-account',
        // Auth0 masks it; the simulator does not, to prove the allow-list drops it.
        mixpanelServiceAccountPassword: s(),
      },
    },
  ].map((stream) => ({ id: rng.id('lst_', 16), ...stream }));
}

function makeCustomDomains(
  rng: SeededRandom,
): Array<Record<string, unknown> & { custom_domain_id: string }> {
  const domain = (
    name: string,
    status: string,
    type: string,
    certificate: Record<string, unknown> | undefined,
    extra: Record<string, unknown> = {},
  ) => ({
    custom_domain_id: rng.id('cd_'),
    domain: name,
    primary: false,
    status,
    type,
    origin_domain_name: `acme-cd-${rng.id('', 12).toLowerCase()}.edge.tenants.auth0.com`,
    verification: {
      methods: [
        {
          name: 'cname',
          record: `acme-cd-${rng.id('', 16).toLowerCase()}.edge.tenants.auth0.com`,
        },
      ],
      status: status === 'pending_verification' ? 'pending' : 'verified',
      ...(status === 'pending_verification'
        ? {}
        : { last_verified_at: '2026-10-20T08:00:00.000Z' }),
    },
    tls_policy: 'recommended',
    custom_client_ip_header: null,
    domain_metadata: { owner: 'identity-team' },
    ...(certificate ? { certificate } : {}),
    ...extra,
  });
  return [
    domain(
      'login.acme.com',
      'ready',
      'auth0_managed_certs',
      {
        status: 'provisioned',
        certificate_authority: 'letsencrypt',
        renews_before: '2027-01-15T00:00:00.000Z',
      },
      { primary: true, is_default: true },
    ),
    domain('id.acme.eu', 'ready', 'self_managed_certs', undefined, {
      custom_client_ip_header: 'cf-connecting-ip',
    }),
    domain('auth.old-brand.com', 'ready', 'auth0_managed_certs', {
      status: 'renewing_failed',
      certificate_authority: 'googletrust',
      renews_before: '2026-11-10T00:00:00.000Z',
      error_msg: 'The CNAME record no longer points to Auth0',
    }),
    domain('login.acme.dev', 'pending_verification', 'auth0_managed_certs', {
      status: 'provisioning',
    }),
  ];
}

export function generateExtensibility(
  input: ExtensibilityInput,
): SimulatedExtensibility {
  const rng = new SeededRandom((input.seed ^ 0x2c9e6a13) >>> 0);
  const { canary, spec } = input;
  const variant = spec.variant ?? 'modern';
  const legacyRefusal = spec.legacyRefusal ?? 'feature_not_enabled';
  const base = {
    triggers: TRIGGERS,
    unavailableBindingTriggers: UNAVAILABLE_BINDING_TRIGGERS,
    legacyRefusal,
    shortPages: spec.shortPages ?? false,
  };
  if (variant === 'empty') {
    return { ...base, actions: [], bindings: {}, logStreams: [] };
  }
  const templates = [
    ...ACTION_TEMPLATES,
    ...Array.from(
      { length: spec.extraActions ?? 0 },
      (_, i): ActionTemplate => ({
        name: `Password change audit ${String(i + 1).padStart(3, '0')}`,
        trigger: 'post-change-password',
        deployed: 1 + (i % 3),
        deployedDeps: [i % 2 === 0 ? 'lodash@4.17.21' : 'uuid@9.0.1'],
        secrets: [],
      }),
    ),
  ];
  const actions = templates.map((template, index) =>
    makeAction(rng, canary, template, index),
  );
  const byName = new Map(actions.map((a) => [a.name, a]));
  const bindings: Record<string, SimulatedBinding[]> = {};
  const order: Record<string, string[]> = {
    ...FIXED_BINDINGS,
    ...(spec.extraActions
      ? {
          'post-change-password': templates
            .filter((t) => t.trigger === 'post-change-password')
            .map((t) => t.name),
        }
      : {}),
  };
  for (const [triggerId, names] of Object.entries(order)) {
    bindings[triggerId] = names.map((name, index) => {
      const action = byName.get(name)!;
      return {
        id: rng.id('', 36).toLowerCase(),
        trigger_id: triggerId,
        display_name: name,
        created_at: iso(CREATED + (60 + index) * DAY),
        updated_at: iso(CREATED + (60 + index) * DAY),
        actionId: action.id,
      };
    });
  }
  const legacy = variant === 'legacy';
  return {
    ...base,
    actions,
    bindings,
    rules: legacy ? makeRules(rng, canary) : undefined,
    hooks: legacy ? makeHooks(rng, canary) : undefined,
    logStreams: makeLogStreams(rng, canary),
    customDomains: makeCustomDomains(rng),
    emailProvider: {
      name: 'sendgrid',
      enabled: true,
      default_from_address: 'no-reply@acme.com',
      credentials: { api_key: secret(rng, canary) },
      settings: {},
    },
  };
}

/** What a complete collection of the tenant's extensibility must hold: the ground truth. */
export interface ExtensibilityTruth {
  actions: number;
  /** triggers with at least one binding on an available trigger */
  triggersWithBindings: number;
  bindings: number;
  /** distinct name@version over deployed versions */
  npmPackages: number;
  actionPackageLinks: number;
  rules: number;
  hooks: number;
  enabledLegacy: number;
  logStreams: number;
  activeLogStreams: number;
  pausedOrSuspendedLogStreams: number;
  customDomains: number;
  emailProvider: number;
}

export function extensibilityTruth(
  extensibility: SimulatedExtensibility | undefined,
): ExtensibilityTruth {
  const x = extensibility;
  const deployedDeps = (x?.actions ?? []).map((a) => {
    const deployed = a.deployed_version as
      { dependencies: Array<{ name: string; version: string }> } | undefined;
    return [
      ...new Set(
        (deployed?.dependencies ?? []).map((d) => `${d.name}@${d.version}`),
      ),
    ];
  });
  const bound = Object.entries(x?.bindings ?? {}).filter(
    ([trigger, list]) =>
      list.length > 0 && !x!.unavailableBindingTriggers.includes(trigger),
  );
  const streams = x?.logStreams ?? [];
  const legacy = [...(x?.rules ?? []), ...(x?.hooks ?? [])];
  return {
    actions: x?.actions.length ?? 0,
    triggersWithBindings: bound.length,
    bindings: bound.reduce((sum, [, list]) => sum + list.length, 0),
    npmPackages: new Set(deployedDeps.flat()).size,
    actionPackageLinks: deployedDeps.reduce((sum, d) => sum + d.length, 0),
    rules: x?.rules?.length ?? 0,
    hooks: x?.hooks?.length ?? 0,
    enabledLegacy: legacy.filter((r) => r.enabled).length,
    logStreams: streams.length,
    activeLogStreams: streams.filter((s) => s.status === 'active').length,
    pausedOrSuspendedLogStreams: streams.filter(
      (s) => s.status === 'paused' || s.status === 'suspended',
    ).length,
    customDomains: x?.customDomains?.length ?? 0,
    emailProvider: x?.emailProvider ? 1 : 0,
  };
}
