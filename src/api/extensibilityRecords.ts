/**
 * Allow-lists for the code that runs in the tenant's login flows (actions,
 * their triggers and bindings, legacy rules and hooks) and for where its
 * logs and mail go (log streams, custom domains, the email provider), in the
 * style of `records.ts`. Action, rule and hook `code`/`script` is never
 * kept: an action's code is reduced to its SHA-256 here, before anything
 * else sees the record. A log stream's `sink` holds credentials in clear
 * text (authorization headers, API keys, tokens, collector URLs), so it is
 * picked field by field and its HTTP endpoint is reduced to its host.
 */
import { createHash } from 'crypto';

import { isObject, pick } from './records';

export const ACTION_FIELDS = [
  'id',
  'name',
  'runtime',
  'status',
  'all_changes_deployed',
  'created_at',
  'updated_at',
  'built_at',
  'installed_integration_id',
] as const;

export const ACTION_DEPLOYED_VERSION_FIELDS = [
  'id',
  'number',
  'deployed',
  'status',
  'runtime',
  'created_at',
  'built_at',
] as const;

/** Marketplace catalogue identity of an installed integration; nothing it was configured with. */
export const ACTION_INTEGRATION_FIELDS = [
  'id',
  'catalog_id',
  'url_slug',
  'name',
  'feature_type',
  'partner_id',
] as const;

export const ACTION_SECRET_FIELDS = ['name', 'updated_at'] as const;

export const ACTION_TRIGGER_FIELDS = [
  'id',
  'version',
  'status',
  'runtimes',
  'default_runtime',
  'binding_policy',
] as const;

export const ACTION_BINDING_FIELDS = [
  'id',
  'trigger_id',
  'display_name',
  'created_at',
  'updated_at',
] as const;

/** Asked of Auth0 (`fields`), so a rule's script is not even sent. */
export const RULE_FIELDS = ['id', 'name', 'enabled', 'order', 'stage'] as const;

/** Asked of Auth0 (`fields`), so a hook's script is not even sent. */
export const HOOK_FIELDS = [
  'id',
  'name',
  'enabled',
  'triggerId',
  'dependencies',
] as const;

export const LOG_STREAM_FIELDS = [
  'id',
  'name',
  'type',
  'status',
  'isPriority',
] as const;

export const LOG_STREAM_FILTER_FIELDS = ['type', 'name'] as const;

export const LOG_STREAM_PII_FIELDS = [
  'log_fields',
  'method',
  'algorithm',
] as const;

/** The sink's non-secret identity; `httpEndpoint` is kept as its host only (see pickLogStreamSink). */
export const LOG_STREAM_SINK_FIELDS = [
  'httpContentFormat',
  'httpContentType',
  'datadogRegion',
  'splunkDomain',
  'splunkPort',
  'splunkSecure',
  'awsAccountId',
  'awsRegion',
  'azureSubscriptionId',
  'azureRegion',
  'mixpanelRegion',
] as const;

export const CUSTOM_DOMAIN_FIELDS = [
  'custom_domain_id',
  'domain',
  'primary',
  'is_default',
  'status',
  'type',
  'tls_policy',
  'custom_client_ip_header',
  'verification',
  'certificate',
] as const;

export const CUSTOM_DOMAIN_VERIFICATION_FIELDS = [
  'status',
  'error_msg',
  'last_verified_at',
] as const;

export const CUSTOM_DOMAIN_CERTIFICATE_FIELDS = [
  'status',
  'error_msg',
  'certificate_authority',
  'renews_before',
] as const;

/** Asked of Auth0 (`fields`); credentials and settings are never asked for. */
export const EMAIL_PROVIDER_FIELDS = [
  'name',
  'enabled',
  'default_from_address',
] as const;

export interface DependencyRecord {
  name: string;
  version: string;
  /** the host of a private registry's URL; its path, query and credentials are not kept */
  registry_host?: string;
}

export interface ActionSecretRecord {
  name: string;
  updated_at?: string;
}

export interface ActionDeployedVersionRecord {
  id?: string;
  number?: number;
  deployed?: boolean;
  status?: string;
  runtime?: string;
  created_at?: string;
  built_at?: string;
  dependencies?: DependencyRecord[];
  secrets?: ActionSecretRecord[];
  /** SHA-256 of the deployed code, hex; the code itself is dropped */
  code_sha256?: string;
}

export interface ActionIntegrationRecord {
  id?: string;
  catalog_id?: string;
  url_slug?: string;
  name?: string;
  feature_type?: string;
  partner_id?: string;
}

export interface ActionRecord {
  id: string;
  name?: string;
  runtime?: string;
  status?: string;
  all_changes_deployed?: boolean;
  created_at?: string;
  updated_at?: string;
  built_at?: string;
  installed_integration_id?: string;
  supported_triggers?: Array<{ id: string; version?: string }>;
  /** the draft's dependencies (what the next deployment will use) */
  dependencies?: DependencyRecord[];
  secrets?: ActionSecretRecord[];
  deployed_version?: ActionDeployedVersionRecord;
  integration?: ActionIntegrationRecord;
  /** SHA-256 of the draft code, hex; the code itself is dropped */
  code_sha256?: string;
}

export interface ActionTriggerRecord {
  id: string;
  version?: string;
  status?: string;
  runtimes?: string[];
  default_runtime?: string;
  binding_policy?: string;
}

export interface ActionBindingRecord {
  id: string;
  trigger_id?: string;
  display_name?: string;
  created_at?: string;
  updated_at?: string;
  /** the bound action, by reference only: its code (sent in every binding) is dropped */
  action?: { id?: string; name?: string };
}

export interface RuleRecord {
  id: string;
  name?: string;
  enabled?: boolean;
  order?: number;
  stage?: string;
}

export interface HookRecord {
  id: string;
  name?: string;
  enabled?: boolean;
  triggerId?: string;
  /** package name -> version */
  dependencies?: Record<string, string>;
}

export interface LogStreamSinkRecord {
  /** the host of `httpEndpoint` only */
  httpEndpointHost?: string;
  httpContentFormat?: string;
  httpContentType?: string;
  datadogRegion?: string;
  splunkDomain?: string;
  splunkPort?: string | number;
  splunkSecure?: boolean;
  awsAccountId?: string;
  awsRegion?: string;
  azureSubscriptionId?: string;
  azureRegion?: string;
  mixpanelRegion?: string;
}

export interface LogStreamRecord {
  id: string;
  name?: string;
  type?: string;
  status?: string;
  isPriority?: boolean;
  filters?: Array<{ type?: string; name?: string }>;
  pii_config?: { log_fields?: string[]; method?: string; algorithm?: string };
  sink?: LogStreamSinkRecord;
}

export interface CustomDomainRecord {
  custom_domain_id: string;
  domain?: string;
  primary?: boolean;
  is_default?: boolean;
  status?: string;
  type?: string;
  tls_policy?: string;
  custom_client_ip_header?: string | null;
  verification?: {
    status?: string;
    error_msg?: string;
    last_verified_at?: string;
    /** verification method names (`txt`, `cname`); their record values are not kept */
    methods?: string[];
  };
  certificate?: {
    status?: string;
    error_msg?: string;
    certificate_authority?: string;
    renews_before?: string;
  };
}

export interface EmailProviderRecord {
  name?: string;
  enabled?: boolean;
  default_from_address?: string;
}

function sha256(value: unknown): string | undefined {
  return typeof value === 'string'
    ? createHash('sha256').update(value, 'utf8').digest('hex')
    : undefined;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The host of a URL (`https://user:token@host/path?key=...` -> `host`); undefined when it does not parse. */
export function urlHost(value: unknown): string | undefined {
  if (!nonEmptyString(value)) return undefined;
  const text = value.trim();
  for (const candidate of [text, `https://${text}`]) {
    try {
      const url = new URL(candidate);
      if (url.hostname) return url.hostname.toLowerCase();
    } catch {
      // not a URL as written; try with a scheme
    }
  }
  return undefined;
}

export function pickDependencies(value: unknown): DependencyRecord[] {
  return objects(value)
    .filter((d) => nonEmptyString(d.name) && nonEmptyString(d.version))
    .map((d) => {
      const dependency: DependencyRecord = {
        name: (d.name as string).trim(),
        version: (d.version as string).trim(),
      };
      const host = urlHost(d.registry_url);
      if (host) dependency.registry_host = host;
      return dependency;
    });
}

function pickSecrets(value: unknown): ActionSecretRecord[] {
  return objects(value)
    .map((s) => pick(s, ACTION_SECRET_FIELDS) as ActionSecretRecord)
    .filter((s) => nonEmptyString(s.name));
}

function pickTriggerRefs(
  value: unknown,
): Array<{ id: string; version?: string }> {
  return objects(value)
    .filter((t) => nonEmptyString(t.id))
    .map((t) => pick(t, ['id', 'version']) as { id: string; version?: string });
}

/** An action without its code (hashed), its deployed version without its code (hashed), secrets by name only. */
export function pickAction(raw: Record<string, unknown>): ActionRecord {
  const action = pick(raw, ACTION_FIELDS) as ActionRecord;
  if (raw.supported_triggers !== undefined) {
    action.supported_triggers = pickTriggerRefs(raw.supported_triggers);
  }
  if (raw.dependencies !== undefined) {
    action.dependencies = pickDependencies(raw.dependencies);
  }
  if (raw.secrets !== undefined) action.secrets = pickSecrets(raw.secrets);
  const codeHash = sha256(raw.code);
  if (codeHash) action.code_sha256 = codeHash;
  if (isObject(raw.deployed_version)) {
    const deployed = raw.deployed_version;
    const version = pick(
      deployed,
      ACTION_DEPLOYED_VERSION_FIELDS,
    ) as ActionDeployedVersionRecord;
    if (deployed.dependencies !== undefined) {
      version.dependencies = pickDependencies(deployed.dependencies);
    }
    if (deployed.secrets !== undefined) {
      version.secrets = pickSecrets(deployed.secrets);
    }
    const deployedHash = sha256(deployed.code);
    if (deployedHash) version.code_sha256 = deployedHash;
    action.deployed_version = version;
  }
  if (isObject(raw.integration)) {
    action.integration = pick(
      raw.integration,
      ACTION_INTEGRATION_FIELDS,
    ) as ActionIntegrationRecord;
  }
  return action;
}

export function pickActionTrigger(
  raw: Record<string, unknown>,
): ActionTriggerRecord {
  return pick(raw, ACTION_TRIGGER_FIELDS) as ActionTriggerRecord;
}

/** A binding and the id and name of its action; the action's code and everything else is dropped. */
export function pickActionBinding(
  raw: Record<string, unknown>,
): ActionBindingRecord {
  const binding = pick(raw, ACTION_BINDING_FIELDS) as ActionBindingRecord;
  if (isObject(raw.action)) {
    binding.action = pick(raw.action, ['id', 'name']) as {
      id?: string;
      name?: string;
    };
  }
  return binding;
}

export function pickRule(raw: Record<string, unknown>): RuleRecord {
  return pick(raw, RULE_FIELDS) as RuleRecord;
}

export function pickHook(raw: Record<string, unknown>): HookRecord {
  const hook = pick(raw, HOOK_FIELDS) as HookRecord & {
    dependencies?: unknown;
  };
  if (hook.dependencies !== undefined) {
    hook.dependencies = isObject(hook.dependencies)
      ? Object.fromEntries(
          Object.entries(hook.dependencies).filter(
            ([name, version]) =>
              nonEmptyString(name) && nonEmptyString(version),
          ),
        )
      : undefined;
  }
  return hook;
}

/** The sink's allow-listed fields, and of `httpEndpoint` its host alone (paths and queries carry keys). */
export function pickLogStreamSink(
  raw: Record<string, unknown>,
): LogStreamSinkRecord {
  const sink = pick(raw, LOG_STREAM_SINK_FIELDS) as LogStreamSinkRecord;
  const host = urlHost(raw.httpEndpoint);
  if (host) sink.httpEndpointHost = host;
  return sink;
}

export function pickLogStream(raw: Record<string, unknown>): LogStreamRecord {
  const stream = pick(raw, LOG_STREAM_FIELDS) as LogStreamRecord;
  if (raw.filters !== undefined) {
    stream.filters = objects(raw.filters).map(
      (f) =>
        pick(f, LOG_STREAM_FILTER_FIELDS) as { type?: string; name?: string },
    );
  }
  if (isObject(raw.pii_config)) {
    stream.pii_config = pick(
      raw.pii_config,
      LOG_STREAM_PII_FIELDS,
    ) as LogStreamRecord['pii_config'];
  }
  if (isObject(raw.sink)) stream.sink = pickLogStreamSink(raw.sink);
  return stream;
}

export function pickCustomDomain(
  raw: Record<string, unknown>,
): CustomDomainRecord {
  const domain = pick(raw, CUSTOM_DOMAIN_FIELDS) as CustomDomainRecord & {
    verification?: unknown;
    certificate?: unknown;
  };
  if (domain.verification !== undefined) {
    const verification = raw.verification;
    domain.verification = isObject(verification)
      ? {
          ...(pick(
            verification,
            CUSTOM_DOMAIN_VERIFICATION_FIELDS,
          ) as CustomDomainRecord['verification']),
          ...(Array.isArray(verification.methods)
            ? {
                methods: objects(verification.methods)
                  .map((m) => m.name)
                  .filter(nonEmptyString),
              }
            : {}),
        }
      : undefined;
  }
  if (domain.certificate !== undefined) {
    domain.certificate = isObject(raw.certificate)
      ? (pick(
          raw.certificate,
          CUSTOM_DOMAIN_CERTIFICATE_FIELDS,
        ) as CustomDomainRecord['certificate'])
      : undefined;
  }
  return domain;
}

export function pickEmailProvider(
  raw: Record<string, unknown>,
): EmailProviderRecord {
  return pick(raw, EMAIL_PROVIDER_FIELDS) as EmailProviderRecord;
}
