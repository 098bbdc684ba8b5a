/**
 * Seeded generator of a realistic Auth0 tenant: the ground truth the
 * simulator serves. Same spec (and seed) => byte-identical tenant, so recorded
 * tests and the demo are reproducible. Records keep the raw Management API
 * shape, secrets included.
 */

import {
  Auth0ClientGrantRecord,
  Auth0ResourceServerRecord,
  generateIdentity,
  IDENTITY_SCOPES,
  IdentitySpec,
  SimulatedOrganization,
  SimulatedRole,
} from './identityTenant';
import {
  EXTENSIBILITY_SCOPES,
  ExtensibilitySpec,
  generateExtensibility,
  SimulatedExtensibility,
} from './extensibilityTenant';
import {
  generatePosture,
  POSTURE_SCOPES,
  PostureSpec,
  SimulatedPosture,
} from './postureTenant';

export interface Auth0UserRecord {
  user_id: string;
  created_at: string;
  updated_at: string;
  identities: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

export interface Auth0ClientRecord {
  client_id: string;
  [field: string]: unknown;
}

export interface TenantSpec {
  seed?: number;
  name?: string;
  users: number;
  clients: number;
  /** a bulk import: this many extra users sharing ONE created_at millisecond (placed mid-range) */
  bulkImport?: number;
  /** when set, this exact string is planted inside every secret-bearing field */
  canary?: string;
  /** scopes granted to the integration's M2M app; default DEFAULT_SCOPES */
  scopes?: string[];
  /** roles, APIs, client grants and organizations (identityTenant.ts); none when omitted */
  identity?: IdentitySpec;
  /** connections, MFA, tenant settings, attack protection and signing keys (postureTenant.ts); a new tenant's defaults when omitted */
  posture?: PostureSpec;
  /** actions, rules, hooks, log streams, custom domains, email provider (extensibilityTenant.ts); a new tenant's answers when omitted */
  extensibility?: ExtensibilitySpec;
}

export interface SimulatedTenant {
  name: string;
  audience: string;
  users: Auth0UserRecord[];
  clients: Auth0ClientRecord[];
  m2m: { clientId: string; clientSecret: string; scopes: string[] };
  /** present when the spec asks for an identity graph */
  roles?: SimulatedRole[];
  resourceServers?: Auth0ResourceServerRecord[];
  clientGrants?: Auth0ClientGrantRecord[];
  organizations?: SimulatedOrganization[];
  /** present when the spec asks for posture */
  posture?: SimulatedPosture;
  /** present when the spec asks for extensibility */
  extensibility?: SimulatedExtensibility;
}

export interface GenerateUsersOptions {
  seed: number;
  createdAt?: Date | 'now';
  canary?: string;
}

/** Everything the integration reads, so a default tenant collects in full. */
export const DEFAULT_SCOPES = [
  'read:users',
  'read:clients',
  ...IDENTITY_SCOPES,
  ...POSTURE_SCOPES,
  ...EXTENSIBILITY_SCOPES,
];

// A fixed window keeps the tenant independent of the wall clock (determinism).
const HISTORY_START_MS = Date.parse('2021-06-01T00:00:00.000Z');
const HISTORY_END_MS = Date.parse('2024-06-01T00:00:00.000Z');
const HISTORY_SPAN_MS = HISTORY_END_MS - HISTORY_START_MS;
// Off a round second so it looks like a real import timestamp.
const BULK_IMPORT_MS =
  HISTORY_START_MS + Math.floor(HISTORY_SPAN_MS / 2) + 37_512;

const DATABASE_CONNECTION = 'Username-Password-Authentication';
const SAML_CONNECTION = 'acme-okta';

// ---------------------------------------------------------------------------
// Seeded randomness

// Module-scoped copies: under jest's vm context every global lookup is slow (5x on 100k users).
const { floor, imul, sqrt } = Math;
const fromCharCode = String.fromCharCode;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const DIGITS = '0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE64URL = `${BASE62}-_`;
const BASE64 = `${BASE62}+/`;

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  chars(alphabet: string, length: number): string {
    // One flat string per call: char-by-char concatenation makes 100k users GC-bound.
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) {
      codes[i] = alphabet.charCodeAt(floor(this.next() * alphabet.length));
    }
    return fromCharCode(...codes);
  }

  hex(length: number): string {
    return this.chars(HEX, length);
  }

  base62(length: number): string {
    return this.chars(BASE62, length);
  }

  base64url(length: number): string {
    return this.chars(BASE64URL, length);
  }

  /** digits without a leading zero */
  digits(length: number): string {
    return this.chars('123456789', 1) + this.chars(DIGITS, length - 1);
  }
}

/** A secret-looking value; with a canary, the canary is planted verbatim inside it. */
function secretValue(
  rng: Rng,
  length: number,
  canary: string | undefined,
  prefix = '',
): string {
  const body = rng.base64url(length);
  return canary
    ? `${prefix}${body.slice(0, 6)}${canary}${body.slice(6)}`
    : `${prefix}${body}`;
}

function fakePem(
  rng: Rng,
  label: string,
  bytes: number,
  canary?: string,
): string {
  const body = rng.chars(BASE64, Math.ceil((bytes * 4) / 3));
  const planted = canary
    ? `${body.slice(0, 20)}${canary}${body.slice(20)}`
    : body;
  const lines = planted.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\r\n${lines.join('\r\n')}\r\n-----END ${label}-----\r\n`;
}

/** Whitespace-separated words of a template literal (keeps long lists compact). */
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------
// People

interface Person {
  given: string;
  family: string;
  /** ASCII forms for e-mail addresses and usernames */
  asciiGiven: string;
  asciiFamily: string;
  familyFirst: boolean;
}

const WESTERN_GIVEN = words(`
  José María Zoë Łukasz Søren Amélie Björn Chloé François Renée
  James Olivia Wei Aisha Mohammed Priya Liam Emma Noah Ava
  Sofia Mateo Ingrid Kwame Fatima Hiroshi Siobhán Nuño Ana Grace
`);
const WESTERN_FAMILY = words(`
  Álvarez Øster Müller García O'Brien Smith Nguyen Kowalski
  Dubois Johansson Patel Okafor Rossi Schmidt Silva Ivanova
  Cohen Kim Brown Jones Fernández Wójcik Núñez Lee
`);
const EASTERN_PEOPLE: Array<[string, string, string, string]> = [
  ['太郎', '山田', 'taro', 'yamada'],
  ['花子', '佐藤', 'hanako', 'sato'],
  ['伟', '王', 'wei', 'wang'],
  ['민준', '김', 'minjun', 'kim'],
  ['陽菜', '鈴木', 'hina', 'suzuki'],
];

function toAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

const ASCII_NAMES = new Map(
  [...WESTERN_GIVEN, ...WESTERN_FAMILY].map((name) => [name, toAscii(name)]),
);

function pickPerson(rng: Rng): Person {
  if (rng.chance(0.08)) {
    const [given, family, asciiGiven, asciiFamily] = rng.pick(EASTERN_PEOPLE);
    return { given, family, asciiGiven, asciiFamily, familyFirst: true };
  }
  const given = rng.pick(WESTERN_GIVEN);
  const family = rng.pick(WESTERN_FAMILY);
  return {
    given,
    family,
    asciiGiven: ASCII_NAMES.get(given) ?? given,
    asciiFamily: ASCII_NAMES.get(family) ?? family,
    familyFirst: false,
  };
}

function fullName(person: Person): string {
  return person.familyFirst
    ? `${person.family} ${person.given}`
    : `${person.given} ${person.family}`;
}

// ---------------------------------------------------------------------------
// Users

type ConnectionKind =
  'database' | 'google' | 'samlp' | 'github' | 'sms' | 'email';

const CONNECTION_WEIGHTS: Array<[ConnectionKind, number]> = [
  ['database', 0.55],
  ['google', 0.2],
  ['samlp', 0.1],
  ['github', 0.05],
  ['sms', 0.05],
  ['email', 0.05],
];

function pickConnection(rng: Rng): ConnectionKind {
  let roll = rng.float();
  for (const [kind, weight] of CONNECTION_WEIGHTS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'database';
}

const INVALID_EMAILS = [
  'not-an-email',
  'root@localhost',
  'missing-at.example.com',
];
const ROLES = ['admin', 'editor', 'viewer', 'support', 'billing'];
const LANGUAGES = ['en', 'es', 'fr', 'de', 'ja', 'pt-BR', 'pl'];
const IPS_PREFIX = ['203.0.113', '198.51.100', '192.0.2', '2001:db8::'];

interface UserTiming {
  createdMs: number;
  /** whether the user has had time to log in and be updated since creation */
  activity: boolean;
}

interface MakeUserOptions {
  timing: UserTiming;
  connection?: ConnectionKind;
}

/** Builds users from one random stream, keeping user_ids and e-mails unique. */
class UserFactory {
  private readonly usedIds = new Set<string>();
  private readonly usedEmails = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly canary: string | undefined,
  ) {}

  make(options: MakeUserOptions): Auth0UserRecord {
    const rng = this.rng;
    const kind = options.connection ?? pickConnection(rng);
    const person = pickPerson(rng);
    const identity = this.identity(kind, person);
    const userId = identity.userId;
    const times = this.times(options.timing);

    const user: Auth0UserRecord = {
      created_at: iso(times.created),
      updated_at: iso(times.updated),
      user_id: userId,
      identities: [identity.record],
    };
    Object.assign(
      user,
      this.profile(kind, person, identity.email, identity.phone),
    );
    Object.assign(user, this.activity(times));
    Object.assign(user, this.security());
    Object.assign(user, this.metadata());
    return user;
  }

  private uniqueId(build: () => string): string {
    let id = build();
    while (this.usedIds.has(id)) id = build();
    this.usedIds.add(id);
    return id;
  }

  private email(person: Person, domain: string): string {
    const rng = this.rng;
    const base = rng.chance(0.5)
      ? `${person.asciiGiven}.${person.asciiFamily}`
      : `${person.asciiGiven[0]}${person.asciiFamily}`;
    let local = rng.chance(0.3) ? `${base}${rng.int(1, 99)}` : base;
    while (this.usedEmails.has(`${local}@${domain}`)) {
      local = `${base}${rng.int(100, 99999)}`;
    }
    const email = `${local}@${domain}`;
    this.usedEmails.add(email);
    return email;
  }

  private identity(
    kind: ConnectionKind,
    person: Person,
  ): {
    userId: string;
    record: Record<string, unknown>;
    email?: string;
    phone?: string;
  } {
    const rng = this.rng;
    switch (kind) {
      case 'google': {
        const email = this.email(person, 'gmail.com');
        const sub = this.uniqueId(
          () => `google-oauth2|${rng.digits(21)}`,
        ).slice(14);
        return {
          userId: `google-oauth2|${sub}`,
          email,
          record: {
            provider: 'google-oauth2',
            access_token: secretValue(rng, 160, this.canary, 'ya29.a0'),
            refresh_token: secretValue(rng, 96, this.canary, '1//0'),
            expires_in: 3599,
            user_id: sub,
            connection: 'google-oauth2',
            isSocial: true,
          },
        };
      }
      case 'github': {
        const email = this.email(person, 'users.noreply.github.com');
        const sub = this.uniqueId(
          () => `github|${rng.digits(rng.int(7, 9))}`,
        ).slice(7);
        return {
          userId: `github|${sub}`,
          email,
          record: {
            provider: 'github',
            access_token: secretValue(rng, 36, this.canary, 'gho_'),
            refresh_token: secretValue(rng, 76, this.canary, 'ghr_'),
            access_token_secret: secretValue(rng, 40, this.canary),
            // GitHub ids come back as numbers in real identities.
            user_id: Number(sub),
            connection: 'github',
            isSocial: true,
          },
        };
      }
      case 'samlp': {
        const email = this.email(person, 'acme.com');
        const sub = `${SAML_CONNECTION}|${email}`;
        this.usedIds.add(`samlp|${sub}`);
        return {
          userId: `samlp|${sub}`,
          email,
          record: {
            provider: 'samlp',
            access_token: secretValue(rng, 64, this.canary, 'saml_'),
            refresh_token: secretValue(rng, 64, this.canary, 'samlr_'),
            user_id: sub,
            connection: SAML_CONNECTION,
            isSocial: false,
          },
        };
      }
      case 'sms': {
        const sub = this.uniqueId(() => `sms|${rng.hex(24)}`).slice(4);
        const phone = `+1${rng.pick(['415', '646', '212', '312', '206'])}555${rng.chars(DIGITS, 4)}`;
        return {
          userId: `sms|${sub}`,
          phone,
          record: {
            user_id: sub,
            provider: 'sms',
            connection: 'sms',
            isSocial: false,
          },
        };
      }
      case 'email': {
        const email = this.email(
          person,
          rng.pick(['example.com', 'example.org']),
        );
        const sub = this.uniqueId(() => `email|${rng.hex(24)}`).slice(6);
        return {
          userId: `email|${sub}`,
          email,
          record: {
            user_id: sub,
            provider: 'email',
            connection: 'email',
            isSocial: false,
          },
        };
      }
      case 'database': {
        const email = rng.chance(0.02)
          ? rng.pick(INVALID_EMAILS)
          : this.email(
              person,
              rng.pick(['example.com', 'acme.com', 'mail.example.net']),
            );
        const sub = this.uniqueId(() => `auth0|${rng.hex(24)}`).slice(6);
        return {
          userId: `auth0|${sub}`,
          email,
          record: {
            connection: DATABASE_CONNECTION,
            provider: 'auth0',
            user_id: sub,
            isSocial: false,
          },
        };
      }
    }
  }

  private profile(
    kind: ConnectionKind,
    person: Person,
    email: string | undefined,
    phone: string | undefined,
  ): Record<string, unknown> {
    const rng = this.rng;
    if (kind === 'sms') {
      return {
        phone_number: phone,
        phone_verified: true,
        name: phone,
        nickname: phone,
        picture: avatar(rng, 'p'),
      };
    }
    const out: Record<string, unknown> = {
      email,
      email_verified: kind === 'database' ? rng.chance(0.7) : true,
    };
    const anonymous = rng.chance(0.04);
    if (!anonymous) {
      out.name = kind === 'email' ? email : fullName(person);
      out.nickname = email?.includes('@')
        ? email.split('@')[0]
        : person.asciiGiven;
    }
    if (
      !anonymous &&
      (kind === 'google' || kind === 'samlp' || rng.chance(0.15))
    ) {
      out.given_name = person.given;
      out.family_name = person.family;
    }
    if (kind === 'database' && rng.chance(0.3)) {
      out.username = `${person.asciiGiven}_${person.asciiFamily}${rng.int(1, 9999)}`;
    }
    out.picture = pictureFor(rng, kind, person);
    return out;
  }

  private times(timing: UserTiming): {
    created: number;
    updated: number;
    lastLogin?: number;
  } {
    const rng = this.rng;
    const created = timing.createdMs;
    if (!timing.activity || rng.chance(0.12)) {
      return { created, updated: created };
    }
    const latest = Math.max(created, HISTORY_END_MS);
    const updated = created + Math.floor(rng.float() * (latest - created));
    const lastLogin = created + Math.floor(rng.float() * (updated - created));
    return { created, updated, lastLogin };
  }

  private activity(times: { lastLogin?: number }): Record<string, unknown> {
    const rng = this.rng;
    if (times.lastLogin === undefined) return { logins_count: 0 };
    const prefix = rng.pick(IPS_PREFIX);
    return {
      last_ip: prefix.endsWith('::')
        ? `${prefix}${rng.hex(4)}`
        : `${prefix}.${rng.int(1, 254)}`,
      last_login: iso(times.lastLogin),
      logins_count: rng.int(1, 400),
    };
  }

  private security(): Record<string, unknown> {
    const rng = this.rng;
    const out: Record<string, unknown> = {};
    if (rng.chance(0.03)) out.blocked = true;
    else if (rng.chance(0.05)) out.blocked = false;
    if (rng.chance(0.3)) {
      out.multifactor = [rng.chance(0.8) ? 'guardian' : 'google-authenticator'];
    }
    return out;
  }

  private metadata(): Record<string, unknown> {
    const rng = this.rng;
    const canary = this.canary;
    const out: Record<string, unknown> = {};
    if (canary || rng.chance(0.5)) {
      const userMetadata: Record<string, unknown> = {
        preferred_language: rng.pick(LANGUAGES),
        theme: rng.pick(['light', 'dark', 'system']),
      };
      if (canary) {
        userMetadata.recovery_hint = secretValue(rng, 12, canary, 'hint-');
      }
      out.user_metadata = userMetadata;
    }
    if (canary || rng.chance(0.4)) {
      const appMetadata: Record<string, unknown> = {
        roles: [rng.pick(ROLES)],
        plan: rng.pick(['free', 'pro', 'enterprise']),
      };
      if (canary || rng.chance(0.1)) {
        appMetadata.api_key = secretValue(rng, 32, canary, 'sk_live_');
      }
      out.app_metadata = appMetadata;
    }
    return out;
  }
}

function avatar(rng: Rng, initials: string): string {
  return `https://s.gravatar.com/avatar/${rng.hex(32)}?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F${initials}.png`;
}

function pictureFor(rng: Rng, kind: ConnectionKind, person: Person): string {
  if (kind === 'google') {
    return `https://lh3.googleusercontent.com/a/${rng.base64url(40)}=s96-c`;
  }
  if (kind === 'github') {
    return `https://avatars.githubusercontent.com/u/${rng.digits(8)}?v=4`;
  }
  const initials = `${person.asciiGiven[0] ?? 'x'}${person.asciiFamily[0] ?? 'x'}`;
  return avatar(rng, initials);
}

/** Creation times skewed towards recent dates, like a growing product. */
function historicalCreatedMs(rng: Rng): number {
  return HISTORY_START_MS + floor(sqrt(rng.float()) * HISTORY_SPAN_MS);
}

function createdAtMs(createdAt: Date | 'now'): number {
  return createdAt === 'now' ? Date.now() : createdAt.getTime();
}

/**
 * Users for the tenant or to add mid-run. With `createdAt` every user shares
 * that creation time and has no activity yet (a burst of sign-ups).
 */
export function generateUsers(
  count: number,
  options: GenerateUsersOptions,
): Auth0UserRecord[] {
  // Salted: generateUsers(n, { seed }) must not replay the tenant's own users for the same seed.
  const rng = new Rng((options.seed ^ 0x2545f491) >>> 0);
  const factory = new UserFactory(rng, options.canary);
  const fixedMs = options.createdAt
    ? createdAtMs(options.createdAt)
    : undefined;
  const users: Auth0UserRecord[] = [];
  for (let i = 0; i < count; i++) {
    const timing: UserTiming =
      fixedMs === undefined
        ? { createdMs: historicalCreatedMs(rng), activity: true }
        : { createdMs: fixedMs, activity: false };
    users.push(factory.make({ timing }));
  }
  return users;
}

// ---------------------------------------------------------------------------
// Clients

type AuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

interface ClientTemplate {
  /** undefined => the client has no name field */
  name?: string;
  /** undefined => the client has no description field */
  description?: string;
  /** undefined => no app_type (the global client) */
  appType?: string;
  global?: boolean;
  firstParty: boolean;
  grantTypes: string[];
  authMethod: AuthMethod;
  /** base URL of the app for callbacks and origins */
  origin?: string;
  mobile?: boolean;
  addons?: (rng: Rng, canary: string | undefined) => Record<string, unknown>;
  /** HS256 apps carry a signing secret in jwt_configuration */
  hs256?: boolean;
  /**
   * Optional settings Auth0 returns only once they are set (Management API
   * v2 "Get clients" response schema): `cross_origin_loc`,
   * `initiate_login_uri`, `client_aliases`, `organization_usage`,
   * `organization_require_behavior`. Fixed values, no random draw, so seeded
   * tenants stay as they were.
   */
  settings?: Record<string, unknown>;
}

const WEB_GRANTS = ['authorization_code', 'implicit', 'refresh_token'];

const SPECIAL_TEMPLATES: ClientTemplate[] = [
  {
    name: 'All Applications',
    global: true,
    firstParty: true,
    grantTypes: [],
    authMethod: 'client_secret_post',
  },
  {
    name: 'Customer Portal',
    description: 'Single-page customer self-service portal',
    appType: 'spa',
    firstParty: true,
    grantTypes: WEB_GRANTS,
    authMethod: 'none',
    origin: 'https://portal.acme.com',
    settings: {
      organization_usage: 'allow',
      organization_require_behavior: 'no_prompt',
    },
  },
  {
    name: 'Marketing Website',
    description: 'Public website with login for newsletter subscribers',
    appType: 'regular_web',
    firstParty: true,
    grantTypes: [...WEB_GRANTS, 'client_credentials'],
    authMethod: 'client_secret_basic',
    origin: 'https://www.acme.com',
    hs256: true,
    settings: {
      cross_origin_loc: 'https://www.acme.com/cross-origin-verification.html',
      initiate_login_uri: 'https://www.acme.com/login',
    },
  },
  {
    name: 'Acme Mobile',
    appType: 'native',
    firstParty: true,
    grantTypes: [...WEB_GRANTS, 'password'],
    authMethod: 'none',
    origin: 'com.acme.mobile://callback',
    mobile: true,
  },
  {
    name: '',
    description: 'Nightly billing export (name cleared by mistake)',
    appType: 'non_interactive',
    firstParty: true,
    grantTypes: ['client_credentials'],
    authMethod: 'client_secret_post',
  },
  {
    name: 'Zendesk SSO',
    description: 'SAML single sign-on into the support desk',
    appType: 'sso_integration',
    firstParty: true,
    grantTypes: ['authorization_code', 'implicit'],
    authMethod: 'client_secret_post',
    origin: 'https://acme.zendesk.com',
    settings: { client_aliases: ['https://acme.zendesk.com'] },
    addons: (rng, canary) => ({
      zendesk: { accountName: 'acme', sharedKey: secretValue(rng, 32, canary) },
    }),
  },
  {
    name: 'Okta Workforce (express configuration)',
    description:
      'Created by the Okta Integration Network express configuration',
    appType: 'express_configuration',
    firstParty: true,
    grantTypes: ['authorization_code', 'client_credentials'],
    authMethod: 'client_secret_basic',
    origin: 'https://acme.okta.com',
  },
  {
    name: 'Salesforce',
    description: 'Salesforce SSO and API access',
    appType: 'salesforce',
    firstParty: true,
    grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
    authMethod: 'client_secret_post',
    origin: 'https://acme.my.salesforce.com',
    addons: (rng, canary) => ({
      salesforce: { entity_id: 'https://acme.my.salesforce.com' },
      salesforce_api: {
        clientid: rng.base62(85),
        principal: 'integration@acme.com',
        communityName: 'partners',
        community_url_section: 'partners',
        private_key: fakePem(rng, 'PRIVATE KEY', 256, canary),
      },
    }),
  },
  {
    name: 'Slack',
    description: 'Slack workspace sign-in (third-party)',
    appType: 'slack',
    firstParty: false,
    grantTypes: ['authorization_code', 'implicit'],
    authMethod: 'client_secret_post',
    origin: 'https://acme.slack.com',
    addons: (rng, canary) => ({
      slack: { team: 'acme', webhook_secret: secretValue(rng, 24, canary) },
    }),
  },
];

const EXTRA_NAMES = lines(`
  Partner Dashboard
  Internal Admin
  Analytics Portal
  Kiosk App
  Reporting Service
  Inventory Sync
  Support Console
  Developer Sandbox
  Warehouse Scanner
  Data Pipeline
  Billing Service
  Status Page
`);
const EXTRA_TYPES: Array<{
  appType: string;
  grantTypes: string[];
  authMethod: AuthMethod;
}> = [
  { appType: 'spa', grantTypes: WEB_GRANTS, authMethod: 'none' },
  {
    appType: 'regular_web',
    grantTypes: [...WEB_GRANTS, 'client_credentials'],
    authMethod: 'client_secret_post',
  },
  { appType: 'native', grantTypes: WEB_GRANTS, authMethod: 'none' },
  {
    appType: 'non_interactive',
    grantTypes: ['client_credentials'],
    authMethod: 'client_secret_basic',
  },
];

function extraTemplate(rng: Rng, index: number): ClientTemplate {
  const type = rng.pick(EXTRA_TYPES);
  const base = rng.pick(EXTRA_NAMES);
  const slug = base.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    // The first extra client has no name at all (seen on clients created through the API).
    name: index === 0 ? undefined : `${base} ${index}`,
    description: rng.chance(0.3) ? undefined : `${base} (${type.appType})`,
    appType: type.appType,
    firstParty: !rng.chance(0.15),
    grantTypes: type.grantTypes,
    authMethod: type.authMethod,
    origin:
      type.appType === 'non_interactive'
        ? undefined
        : `https://${slug}-${index}.acme.com`,
    mobile: type.appType === 'native',
    hs256: rng.chance(0.25),
    addons: rng.chance(0.3)
      ? (r, canary) => ({
          aws: {
            principal: `arn:aws:iam::${r.digits(12)}:saml-provider/auth0`,
            role: `arn:aws:iam::${r.digits(12)}:role/${slug}`,
            lifetime_in_seconds: 3600,
            secret_access_key: secretValue(r, 40, canary),
          },
        })
      : undefined,
  };
}

const M2M_TEMPLATE: ClientTemplate = {
  name: 'JupiterOne Integration',
  description: 'Read-only access for the JupiterOne Auth0 integration',
  appType: 'non_interactive',
  firstParty: true,
  grantTypes: ['client_credentials'],
  authMethod: 'client_secret_post',
};

class ClientFactory {
  private readonly usedIds = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly tenant: string,
    private readonly canary: string | undefined,
  ) {}

  make(template: ClientTemplate): Auth0ClientRecord {
    const rng = this.rng;
    const canary = this.canary;
    const clientId = this.clientId();
    const client: Auth0ClientRecord = {
      client_id: clientId,
      tenant: this.tenant,
      global: template.global === true,
    };
    if (template.name !== undefined) client.name = template.name;
    if (template.description !== undefined) {
      client.description = template.description;
    }
    if (template.appType !== undefined) client.app_type = template.appType;
    Object.assign(client, {
      is_first_party: template.firstParty,
      is_token_endpoint_ip_header_trusted: false,
      oidc_conformant: template.global ? false : rng.chance(0.9),
      callback_url_template: false,
      custom_login_page_on: true,
      sso: rng.chance(0.3),
      sso_disabled: rng.chance(0.1),
      cross_origin_auth: rng.chance(0.2),
      grant_types: [...template.grantTypes],
      token_endpoint_auth_method: template.authMethod,
      refresh_token: this.refreshToken(template),
    });
    Object.assign(client, this.urls(template));
    if (template.settings) Object.assign(client, template.settings);
    if (template.global) client.owners = [`mr|google-oauth2|${rng.digits(21)}`];
    if (rng.chance(0.3)) {
      client.logo_uri = `https://cdn.acme.com/logos/${rng.hex(8)}.png`;
    }
    client.client_secret = secretValue(rng, 64, canary);
    client.jwt_configuration = this.jwtConfiguration(template);
    client.signing_keys = [
      {
        cert: fakePem(rng, 'CERTIFICATE', 760, canary),
        pkcs7: fakePem(rng, 'PKCS7', 800, canary),
        subject: `/CN=${this.tenant}.us.auth0.com`,
      },
    ];
    client.encryption_key = {
      pub: fakePem(rng, 'PUBLIC KEY', 294, canary),
      cert: fakePem(rng, 'CERTIFICATE', 760, canary),
      subject: `/CN=${this.tenant}`,
    };
    client.addons = this.addons(template);
    client.client_metadata = this.clientMetadata();
    client.mobile = this.mobile(template);
    client.native_social_login = this.nativeSocialLogin(template);
    return client;
  }

  private clientId(): string {
    let id = this.rng.base62(32);
    while (this.usedIds.has(id)) id = this.rng.base62(32);
    this.usedIds.add(id);
    return id;
  }

  private refreshToken(template: ClientTemplate): Record<string, unknown> {
    const rotating =
      template.appType === 'spa' || template.appType === 'native';
    return {
      rotation_type: rotating ? 'rotating' : 'non-rotating',
      expiration_type: rotating ? 'expiring' : 'non-expiring',
      leeway: rotating ? 10 : 0,
      token_lifetime: rotating ? 2592000 : 31557600,
      infinite_token_lifetime: !rotating,
      idle_token_lifetime: rotating ? 1296000 : 2592000,
      infinite_idle_token_lifetime: !rotating,
    };
  }

  private urls(template: ClientTemplate): Record<string, unknown> {
    if (!template.origin) return { callbacks: [] };
    const origin = template.origin;
    const web = origin.startsWith('https://');
    return {
      callbacks: [`${origin}${web ? '/callback' : ''}`],
      allowed_origins: web ? [origin] : [],
      web_origins: web ? [origin] : [],
      allowed_logout_urls: web ? [`${origin}/logout`] : [],
    };
  }

  private jwtConfiguration(template: ClientTemplate): Record<string, unknown> {
    const config: Record<string, unknown> = {
      alg: template.hs256 ? 'HS256' : 'RS256',
      lifetime_in_seconds: 36000,
      secret_encoded: false,
    };
    if (template.hs256 || this.canary) {
      config.secret = secretValue(this.rng, 48, this.canary);
    }
    return config;
  }

  private addons(template: ClientTemplate): Record<string, unknown> {
    const addons = template.addons
      ? template.addons(this.rng, this.canary)
      : {};
    if (this.canary && !template.addons) {
      addons.azure_blob = {
        accountName: 'acmebackups',
        storageAccessKey: secretValue(this.rng, 88, this.canary),
        containerName: 'exports',
      };
    }
    return addons;
  }

  private clientMetadata(): Record<string, unknown> {
    const rng = this.rng;
    const metadata: Record<string, unknown> = {};
    if (rng.chance(0.5)) {
      metadata.owner_team = rng.pick(['platform', 'growth', 'it', 'security']);
    }
    if (this.canary || rng.chance(0.15)) {
      metadata.webhook_token = secretValue(rng, 32, this.canary, 'whk_');
    }
    return metadata;
  }

  private mobile(template: ClientTemplate): Record<string, unknown> {
    const rng = this.rng;
    if (!template.mobile && !this.canary) return {};
    const fingerprint = Array.from({ length: 32 }, () =>
      rng.hex(2).toUpperCase(),
    ).join(':');
    return {
      android: {
        app_package_name: 'com.acme.mobile',
        sha256_cert_fingerprints: [
          this.canary ? `${fingerprint}:${this.canary}` : fingerprint,
        ],
      },
      ios: {
        team_id: rng.base62(10).toUpperCase(),
        app_bundle_identifier: 'com.acme.mobile',
      },
    };
  }

  private nativeSocialLogin(template: ClientTemplate): Record<string, unknown> {
    const value: Record<string, unknown> = {
      apple: { enabled: template.mobile === true },
      facebook: { enabled: false },
    };
    if (this.canary) {
      value.google = {
        enabled: false,
        client_secret: secretValue(this.rng, 24, this.canary),
      };
    }
    return value;
  }
}

function generateClients(
  rng: Rng,
  count: number,
  tenant: string,
  canary: string | undefined,
): { clients: Auth0ClientRecord[]; m2m: Auth0ClientRecord } {
  const factory = new ClientFactory(rng, tenant, canary);
  const m2m = factory.make(M2M_TEMPLATE);
  const others: Auth0ClientRecord[] = [];
  for (let i = 0; others.length < count - 1; i++) {
    const template =
      i < SPECIAL_TEMPLATES.length
        ? SPECIAL_TEMPLATES[i]
        : extraTemplate(rng, i - SPECIAL_TEMPLATES.length);
    others.push(factory.make(template));
  }
  // Delegation (`allowed_clients`, client ids): the mobile app may act for the portal.
  const portal = others.find((c) => c.name === 'Customer Portal');
  const mobile = others.find((c) => c.name === 'Acme Mobile');
  if (portal && mobile) mobile.allowed_clients = [portal.client_id];
  // Keep the integration's own app near the front, as the creation order would.
  const clients = [...others.slice(0, 1), m2m, ...others.slice(1)];
  return { clients, m2m };
}

// ---------------------------------------------------------------------------
// Tenant

function checkCount(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(
      `TenantSpec.${name} must be an integer >= ${minimum}, got ${value}`,
    );
  }
}

export function generateTenant(spec: TenantSpec): SimulatedTenant {
  const seed = spec.seed ?? 1;
  const name = spec.name ?? 'demo-tenant';
  const bulkImport = spec.bulkImport ?? 0;
  checkCount('users', spec.users, 0);
  checkCount('clients', spec.clients, 1);
  checkCount('bulkImport', bulkImport, 0);

  // Independent streams: changing the user count does not reshuffle clients.
  const userRng = new Rng(seed);
  const clientRng = new Rng((seed ^ 0x5bd1e995) >>> 0);
  const users = generateTenantUsers(
    userRng,
    spec.users,
    bulkImport,
    spec.canary,
  );
  const { clients, m2m } = generateClients(
    clientRng,
    spec.clients,
    name,
    spec.canary,
  );

  const audience = `https://${name}.us.auth0.com/api/v2/`;
  const scopes = [...(spec.scopes ?? DEFAULT_SCOPES)];
  const identity = spec.identity
    ? generateIdentity({
        seed,
        audience,
        users,
        clients,
        m2m: { clientId: m2m.client_id, scopes },
        canary: spec.canary,
        spec: spec.identity,
      })
    : {};

  return {
    name,
    audience,
    users,
    clients,
    m2m: {
      clientId: m2m.client_id,
      clientSecret: m2m.client_secret as string,
      scopes,
    },
    ...identity,
    ...(spec.posture
      ? {
          posture: generatePosture({
            seed,
            name,
            clients,
            m2mClientId: m2m.client_id,
            canary: spec.canary,
            spec: spec.posture,
          }),
        }
      : {}),
    ...(spec.extensibility
      ? {
          extensibility: generateExtensibility({
            seed,
            canary: spec.canary,
            spec: spec.extensibility,
          }),
        }
      : {}),
  };
}

function generateTenantUsers(
  rng: Rng,
  count: number,
  bulkImport: number,
  canary: string | undefined,
): Auth0UserRecord[] {
  const factory = new UserFactory(rng, canary);
  const users: Auth0UserRecord[] = [];
  for (let i = 0; i < count; i++) {
    users.push(
      factory.make({
        timing: { createdMs: historicalCreatedMs(rng), activity: true },
      }),
    );
  }
  for (let i = 0; i < bulkImport; i++) {
    users.push(
      factory.make({
        timing: { createdMs: BULK_IMPORT_MS, activity: true },
        connection: 'database',
      }),
    );
  }
  return users;
}
