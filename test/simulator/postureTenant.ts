/**
 * Seeded generation of a tenant's security posture: its connections (identity
 * sources, with their enabled clients), MFA policy and factors, tenant
 * settings, attack protection and signing keys. Records keep the raw
 * Management API shape, secrets included (connection options' client
 * secrets, private keys, tokens and custom-database configuration); with a
 * canary, the canary is planted in every one of them. `clients` on a
 * connection and the validity dates on a signing key are the simulator's own
 * bookkeeping: the first is served through `/connections/:id/clients`, the
 * second becomes the key's X.509 certificate (see posture.ts).
 */
import type { Auth0ClientRecord, Auth0UserRecord } from './tenant';
import { SeededRandom } from './seededRandom';

export interface PostureSpec {
  /** `GET /guardian/policies`; default ['all-applications'] (MFA always required) */
  mfaPolicies?: string[];
  /** breached password detection; default false (Auth0's default) */
  breachedPasswordDetection?: boolean;
}

/** The read scopes the posture endpoints need. */
export const POSTURE_SCOPES = [
  'read:connections',
  'read:guardian_factors',
  'read:mfa_policies',
  'read:tenant_settings',
  'read:attack_protection',
  'read:signing_keys',
];

export interface Auth0ConnectionRecord {
  id: string;
  name: string;
  strategy: string;
  options: Record<string, unknown>;
  [field: string]: unknown;
}

export interface SimulatedConnection extends Auth0ConnectionRecord {
  /** client_ids the connection is enabled for (`/connections/:id/clients`) */
  clients: string[];
}

export interface SimulatedSigningKey {
  kid: string;
  current: boolean;
  next: boolean;
  previous: boolean;
  current_since?: string;
  current_until?: string;
  revoked: boolean;
  revoked_at?: string;
  /** the certificate's validity, ISO dates (bookkeeping: the PEM is made from them) */
  validFrom: string;
  validTo: string;
  /** never served by Auth0; planted (with the canary) to prove it is dropped */
  private_key?: string;
}

export interface GuardianFactorRecord {
  name: string;
  enabled: boolean;
  trial_expired?: boolean;
}

export interface SimulatedPosture {
  connections: SimulatedConnection[];
  guardianPolicies: string[];
  guardianFactors: GuardianFactorRecord[];
  tenantSettings: Record<string, unknown>;
  bruteForceProtection: Record<string, unknown>;
  breachedPasswordDetection: Record<string, unknown>;
  suspiciousIpThrottling: Record<string, unknown>;
  signingKeys: SimulatedSigningKey[];
}

export interface PostureInput {
  seed: number;
  name: string;
  clients: readonly Auth0ClientRecord[];
  /** the integration's own application: not enabled on any connection */
  m2mClientId: string;
  canary?: string;
  spec: PostureSpec;
}

function secret(rng: SeededRandom, canary: string | undefined): string {
  const body = rng.id('', 40);
  return canary ? `${body.slice(0, 8)}${canary}${body.slice(8)}` : body;
}

function privateKeyPem(rng: SeededRandom, canary: string | undefined): string {
  const body = rng.id('', 180);
  // Early in the first line, so that line breaks never split the canary.
  const planted = canary
    ? `${body.slice(0, 8)}${canary}${body.slice(8)}`
    : body;
  const lines = planted.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** A strong database policy: what an auditor hopes to see. */
function strongDatabaseOptions(): Record<string, unknown> {
  return {
    passwordPolicy: 'good',
    password_complexity_options: { min_length: 12 },
    password_history: { enable: true, size: 5 },
    password_no_personal_info: { enable: true },
    password_dictionary: { enable: true, dictionary: ['acme', 'acme123'] },
    brute_force_protection: true,
    mfa: { active: true, return_enroll_settings: true },
    disable_signup: false,
    requires_username: false,
    import_mode: false,
    enabledDatabaseCustomization: false,
    strategy_version: 2,
  };
}

interface ConnectionTemplate {
  name: string;
  strategy: string;
  display_name?: string;
  /** share of the tenant's interactive clients the connection is enabled for */
  clientShare: number;
  options(
    rng: SeededRandom,
    canary: string | undefined,
  ): Record<string, unknown>;
}

// The first six are the connections the generated users log in through (tenant.ts).
const CONNECTION_TEMPLATES: ConnectionTemplate[] = [
  {
    name: 'Username-Password-Authentication',
    strategy: 'auth0',
    display_name: 'Email and password',
    clientShare: 1,
    options: (rng, canary) => ({
      ...strongDatabaseOptions(),
      // Custom database scripts read their secrets from `configuration`.
      ...(canary
        ? { configuration: { HOOK_SECRET: secret(rng, canary) } }
        : {}),
    }),
  },
  {
    name: 'google-oauth2',
    strategy: 'google-oauth2',
    clientShare: 0.6,
    options: (rng, canary) => ({
      client_id: `${rng.id('', 12)}.apps.googleusercontent.com`,
      client_secret: secret(rng, canary),
      email: true,
      profile: true,
      scope: ['email', 'profile'],
    }),
  },
  {
    name: 'github',
    strategy: 'github',
    clientShare: 0.3,
    options: (rng, canary) => ({
      client_id: rng.id('Iv1.', 16),
      client_secret: secret(rng, canary),
      read_user: true,
      scope: ['read:user', 'user:email'],
    }),
  },
  {
    name: 'acme-okta',
    strategy: 'samlp',
    display_name: 'Acme SSO',
    clientShare: 0.4,
    options: (rng, canary) => ({
      signInEndpoint: 'https://acme.okta.com/app/auth0/sso/saml',
      signatureAlgorithm: 'rsa-sha256',
      digestAlgorithm: 'sha256',
      signSAMLRequest: true,
      domain_aliases: ['acme.com'],
      // Used to sign requests and decrypt assertions: private keys.
      signing_key: {
        key: privateKeyPem(rng, canary),
        cert: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n',
      },
      decryptionKey: {
        key: privateKeyPem(rng, canary),
        cert: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n',
      },
    }),
  },
  {
    name: 'sms',
    strategy: 'sms',
    clientShare: 0.2,
    options: (rng, canary) => ({
      twilio_sid: rng.id('AC', 32),
      twilio_token: secret(rng, canary),
      from: '+14155550100',
      syntax: 'md_with_macros',
      totp: { time_step: 300, length: 6 },
      brute_force_protection: true,
      disable_signup: false,
    }),
  },
  {
    name: 'email',
    strategy: 'email',
    clientShare: 0.2,
    options: () => ({
      email: { from: 'no-reply@acme.com', subject: 'Your code' },
      totp: { time_step: 300, length: 6 },
      brute_force_protection: true,
      disable_signup: true,
    }),
  },
  {
    // The finding: a weak legacy database without brute-force protection.
    name: 'legacy-db',
    strategy: 'auth0',
    clientShare: 0.1,
    options: (rng, canary) => ({
      passwordPolicy: 'low',
      password_complexity_options: { min_length: 6 },
      password_history: { enable: false, size: 5 },
      password_no_personal_info: { enable: false },
      password_dictionary: { enable: false, dictionary: [] },
      brute_force_protection: false,
      mfa: { active: false, return_enroll_settings: false },
      import_mode: true,
      enabledDatabaseCustomization: true,
      configuration: {
        DB_HOST: 'legacy-db.internal.acme.com',
        DB_PASSWORD: secret(rng, canary),
      },
    }),
  },
  {
    name: 'apple',
    strategy: 'apple',
    clientShare: 0.2,
    options: (rng, canary) => ({
      client_id: 'com.acme.signin',
      team_id: rng.id('', 10).toUpperCase(),
      kid: rng.id('', 10).toUpperCase(),
      // Sign in with Apple's .p8 key.
      app_secret: privateKeyPem(rng, canary),
      scope: ['name', 'email'],
    }),
  },
  {
    name: 'acme-azure',
    strategy: 'waad',
    display_name: 'Acme Azure AD',
    clientShare: 0,
    options: (rng, canary) => ({
      client_id: rng.id('', 32).toLowerCase(),
      client_secret: secret(rng, canary),
      tenant_domain: 'acme.onmicrosoft.com',
      domain_aliases: ['corp.acme.com'],
      waad_protocol: 'openid-connect',
      // Kept by Auth0 to read the directory's groups.
      admin_access_token: secret(rng, canary),
      admin_refresh_token: secret(rng, canary),
    }),
  },
];

const FACTOR_NAMES = [
  'sms',
  'push-notification',
  'otp',
  'email',
  'duo',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
];
const ENABLED_FACTORS = new Set([
  'push-notification',
  'otp',
  'webauthn-roaming',
  'recovery-code',
]);

/** Fixed dates: the tenant never depends on the wall clock. */
const SIGNING_KEY_DATES = [
  // revoked after a suspected leak
  {
    validFrom: '2021-06-01T00:00:00.000Z',
    years: 10,
    revokedAt: '2022-03-14T09:30:00.000Z',
  },
  // previous: rotated out
  {
    validFrom: '2022-01-15T00:00:00.000Z',
    years: 10,
    currentUntil: '2024-02-01T00:00:00.000Z',
  },
  // current
  {
    validFrom: '2024-02-01T00:00:00.000Z',
    years: 10,
    currentSince: '2024-02-01T00:00:00.000Z',
  },
  // next: a short-lived certificate, the one that expires first
  { validFrom: '2024-05-01T00:00:00.000Z', years: 3 },
];

export function generatePosture(input: PostureInput): SimulatedPosture {
  const rng = new SeededRandom((input.seed ^ 0x1f3d5b79) >>> 0);
  const { canary, spec } = input;
  const interactive = input.clients
    .filter(
      (client) =>
        client.client_id !== input.m2mClientId &&
        client.app_type !== 'non_interactive',
    )
    .map((client) => client.client_id);

  const connections = CONNECTION_TEMPLATES.map(
    (template): SimulatedConnection => {
      const connection: SimulatedConnection = {
        id: rng.id('con_'),
        name: template.name,
        strategy: template.strategy,
        realms: [template.name],
        is_domain_connection: false,
        options: template.options(rng, canary),
        clients: rng.sample(
          interactive,
          Math.round(interactive.length * template.clientShare),
        ),
      };
      if (template.display_name)
        connection.display_name = template.display_name;
      if (template.strategy === 'samlp' || template.strategy === 'waad') {
        connection.show_as_button = true;
      }
      // Free-form, like organization metadata: may hold anything.
      if (canary) connection.metadata = { note: secret(rng, canary) };
      return connection;
    },
  );

  const signingKeys = SIGNING_KEY_DATES.map(
    (dates, index): SimulatedSigningKey => {
      const validTo = new Date(dates.validFrom);
      validTo.setUTCFullYear(validTo.getUTCFullYear() + dates.years);
      const key: SimulatedSigningKey = {
        kid: rng.id('', 22),
        current: index === 2,
        next: index === 3,
        previous: index === 1,
        revoked: dates.revokedAt !== undefined,
        validFrom: dates.validFrom,
        validTo: validTo.toISOString(),
      };
      if (dates.currentSince) key.current_since = dates.currentSince;
      if (dates.currentUntil) key.current_until = dates.currentUntil;
      if (dates.revokedAt) key.revoked_at = dates.revokedAt;
      if (canary) key.private_key = privateKeyPem(rng, canary);
      return key;
    },
  );

  const breached = spec.breachedPasswordDetection ?? false;
  return {
    connections,
    guardianPolicies: [...(spec.mfaPolicies ?? ['all-applications'])],
    guardianFactors: FACTOR_NAMES.map((name) => ({
      name,
      enabled: ENABLED_FACTORS.has(name),
      trial_expired: name === 'sms' ? false : undefined,
    })).map((factor) =>
      factor.trial_expired === undefined
        ? { name: factor.name, enabled: factor.enabled }
        : factor,
    ),
    tenantSettings: {
      friendly_name: `${input.name} (simulated)`,
      picture_url: 'https://cdn.acme.com/logo.png',
      support_email: 'support@acme.com',
      session_lifetime: 168,
      idle_session_lifetime: 72,
      sandbox_version: '18',
      default_directory: '',
      enabled_locales: ['en', 'es', 'fr'],
      flags: {
        enable_client_connections: false,
        revoke_refresh_token_grant: false,
        disable_clickjack_protection_headers: false,
        enable_public_signup_user_exists_error: true,
        allow_legacy_delegation_grant_types: false,
        allow_legacy_ro_grant_types: false,
        enable_sso: true,
      },
      session_cookie: { mode: 'persistent' },
    },
    bruteForceProtection: {
      enabled: true,
      shields: ['block', 'user_notification'],
      mode: 'count_per_identifier_and_ip',
      allowlist: ['203.0.113.0/24'],
      max_attempts: 10,
    },
    breachedPasswordDetection: {
      enabled: breached,
      shields: breached ? ['block', 'admin_notification'] : [],
      admin_notification_frequency: breached ? ['daily'] : [],
      method: 'standard',
      stage: {
        'pre-user-registration': { shields: breached ? ['block'] : [] },
      },
    },
    suspiciousIpThrottling: {
      enabled: true,
      shields: ['admin_notification', 'block'],
      allowlist: [],
      stage: {
        'pre-login': { max_attempts: 100, rate: 864000 },
        'pre-user-registration': { max_attempts: 50, rate: 1200 },
      },
    },
    signingKeys,
  };
}

/** What a complete collection of the tenant's posture must hold: the ground truth. */
export interface PostureTruth {
  connections: number;
  /** client -> connection, enabled clients that are clients of the tenant */
  clientConnectionLinks: number;
  /** connection -> user, from each user's identities */
  connectionUserLinks: number;
  /** connections that can have brute-force protection (database, passwordless) but have it off */
  connectionsWithoutBruteForceProtection: number;
  signingKeys: number;
  /** the account's posture properties */
  account: {
    mfaEnabled: boolean;
    mfaPolicies: string[];
    mfaFactors: string[];
    sessionLifetime: number;
    idleSessionLifetime: number;
    bruteForceProtectionEnabled: boolean;
    breachedPasswordDetectionEnabled: boolean;
    suspiciousIpThrottlingEnabled: boolean;
  };
}

export function postureTruth(tenant: {
  users: readonly Auth0UserRecord[];
  clients: readonly Auth0ClientRecord[];
  posture?: SimulatedPosture;
}): PostureTruth | undefined {
  const posture = tenant.posture;
  if (!posture) return undefined;
  const clients = new Set(tenant.clients.map((client) => client.client_id));
  const names = new Set(posture.connections.map((c) => c.name));
  const links = new Set<string>();
  for (const user of tenant.users) {
    for (const identity of user.identities) {
      const connection = identity.connection;
      if (typeof connection === 'string' && names.has(connection)) {
        links.add(`${connection}\u0000${user.user_id}`);
      }
    }
  }
  return {
    connections: posture.connections.length,
    clientConnectionLinks: posture.connections.reduce(
      (sum, c) => sum + c.clients.filter((id) => clients.has(id)).length,
      0,
    ),
    connectionUserLinks: links.size,
    connectionsWithoutBruteForceProtection: posture.connections.filter(
      (c) => c.options.brute_force_protection === false,
    ).length,
    signingKeys: posture.signingKeys.length,
    account: {
      mfaEnabled: posture.guardianPolicies.length > 0,
      mfaPolicies: [...posture.guardianPolicies].sort(),
      mfaFactors: posture.guardianFactors
        .filter((f) => f.enabled)
        .map((f) => f.name)
        .sort(),
      sessionLifetime: posture.tenantSettings.session_lifetime as number,
      idleSessionLifetime: posture.tenantSettings
        .idle_session_lifetime as number,
      bruteForceProtectionEnabled: posture.bruteForceProtection
        .enabled as boolean,
      breachedPasswordDetectionEnabled: posture.breachedPasswordDetection
        .enabled as boolean,
      suspiciousIpThrottlingEnabled: posture.suspiciousIpThrottling
        .enabled as boolean,
    },
  };
}
