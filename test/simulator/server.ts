/**
 * An HTTPS simulator of the parts of the Auth0 Management API v2 the
 * integration uses: the client-credentials token endpoint, users (search v3
 * with the 1,000-result cap), clients, user export jobs and their S3-like
 * downloads, roles, resource servers, client grants and organizations
 * (identity.ts), with token-bucket rate limiting and realistic errors.
 */
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import https from 'https';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { pipeline, Readable } from 'stream';
import zlib from 'zlib';
import { generate as generateSelfSigned } from 'selfsigned';

import {
  fieldValue,
  LuceneClause,
  LuceneSyntaxError,
  matchesClause,
  parseLucene,
} from './lucene';
import { FaultInjector, FaultRule } from './faults';
import { identityRoutes } from './identity';
import { postureRoutes } from './posture';
import { extensibilityRoutes } from './extensibility';
import { Auth0ClientRecord, Auth0UserRecord, SimulatedTenant } from './tenant';

export interface SimulatorOptions {
  tenant: SimulatedTenant;
  /** default 0 = random free port */
  port?: number;
  /** Management API token bucket: burst `limit`, refilled continuously at `refillPerSecond`. Default { limit: 50, refillPerSecond: 16 }: Auth0's Enterprise production plan, the most generous documented one. null = unlimited (and no x-ratelimit headers): kinder than Auth0. */
  rateLimit?: { limit: number; refillPerSecond: number } | null;
  /** artificial latency added to every response, ms. Default 0. */
  latencyMs?: number;
  /** token lifetime in seconds (expires_in). Default 86400 */
  tokenTtlSeconds?: number;
  exportJobs?: {
    /** default true; false => POST /jobs/users-exports answers 403 like a Free plan tenant */
    enabled?: boolean;
    /** how long a job stays pending/processing; default: `exportJobProcessingMs` */
    processingMs?: number;
    /** the next N jobs end with status 'failed' */
    failNext?: number;
    /** how long a download location stays valid; default 60 (Auth0's value) */
    downloadTtlSeconds?: number;
  };
  /**
   * Kinder than Auth0, for experiments only (never the default for tests,
   * the demo or the bench). `exactSearchTotals`: user search reports the
   * true number of matches instead of capping `total` at 1,000.
   */
  kinder?: { exactSearchTotals?: boolean };
  /**
   * Harsher than any documented behaviour, to prove the integration's
   * completeness check: user search counts these user_ids in its totals
   * but never returns them in a page (an index out of step with itself).
   */
  unreturnedUserIds?: string[];
  /** faults to inject from the start (see faults.ts); replace them with setFaults() */
  faults?: FaultRule[];
  /** seed of the PRNG behind FaultRule.probability; default 1 */
  faultSeed?: number;
}

export interface SimulatorStats {
  /** every HTTP request received, token and downloads included */
  requests: number;
  /** e.g. 'GET /api/v2/users': 12, 'POST /oauth/token': 1 */
  byRoute: Record<string, number>;
  /** 429s sent */
  rateLimited: number;
  tokensIssued: number;
  /** faults injected by FaultRules */
  faults: number;
}

export interface RunningSimulator {
  port: number;
  /** `localhost:${port}` */
  domain: string;
  /** `https://localhost:${port}` */
  baseUrl: string;
  /** the self-signed cert (valid for localhost and 127.0.0.1): trust it */
  caCertPem: string;
  /** same PEM in a file, for NODE_EXTRA_CA_CERTS in child processes */
  caCertPath: string;
  config: {
    clientId: string;
    clientSecret: string;
    domain: string;
    audience: string;
  };
  /** live object */
  stats: SimulatorStats;
  resetStats(): void;
  /** users that appear in later responses (created during a run); a known user_id replaces the user */
  addUsers(users: Auth0UserRecord[]): void;
  /** every issued token becomes invalid (401 Invalid token) */
  revokeTokens(): void;
  /**
   * Writes the export file a `POST /jobs/users-exports` with this body would
   * produce, now, for the current users; a job asked for with the same body
   * before the users change takes it instead of writing its own. The bench
   * calls it before the measured run, so the simulator's compression does
   * not take the measured process's CPU (Auth0 writes the file on its own
   * machines). The job's processing time and status are unchanged.
   */
  prepareUserExport(body: unknown): Promise<void>;
  /** scopes of tokens issued from now on ([] = the app has no client grant: token requests get 403) */
  setScopes(scopes: string[]): void;
  /** replaces the fault rules; their counters and PRNG start over ([] = no faults) */
  setFaults(rules: FaultRule[]): void;
  /** closes server and all sockets promptly */
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;
const MAX_BODY_BYTES = 1_000_000;
const SEARCH_RESULT_CAP = 1000;
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 50;
/**
 * The page size GET /clients applies when asked for more (echoed as
 * `limit`). Auth0's newer docs say 50 for Public Cloud on some endpoints
 * without naming them (AUTH0-API.md, "Page size the server applied"): the
 * harsher reading, applied here to the list most often read in one pass.
 */
const CLIENTS_APPLIED_PAGE_SIZE = 50;
const RESULT_CACHE_SIZE = 16;
const DOWNLOAD_PATH = /^\/exports\/([^/]+)\/users\.(json|csv)\.gz$/;

const DEFAULT_EXPORT_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'name',
  'nickname',
  'created_at',
  'updated_at',
  'last_login',
  'logins_count',
  'identities',
  'blocked',
  'username',
  'phone_number',
  'given_name',
  'family_name',
  'picture',
  'last_ip',
  'multifactor',
];

// ---------------------------------------------------------------------------
// Certificate: generated once, cached in the temp dir (2048-bit keys are slow)

interface CertificatePair {
  key: string;
  cert: string;
}

const CERT_CACHE_PATH = path.join(
  os.tmpdir(),
  'auth0-simulator-localhost-cert.json',
);

function writeAtomically(target: string, content: string): void {
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, target);
}

function isUsableCertificate(pair: CertificatePair): boolean {
  const x509 = new crypto.X509Certificate(pair.cert);
  const now = Date.now();
  return (
    Date.parse(x509.validFrom) <= now &&
    Date.parse(x509.validTo) - now > 7 * DAY_MS &&
    x509.checkHost('localhost') !== undefined &&
    x509.checkIP('127.0.0.1') !== undefined &&
    x509.checkPrivateKey(crypto.createPrivateKey(pair.key))
  );
}

function readCachedCertificate(): CertificatePair | undefined {
  try {
    const parsed = JSON.parse(
      fs.readFileSync(CERT_CACHE_PATH, 'utf8'),
    ) as Partial<CertificatePair>;
    if (typeof parsed.key !== 'string' || typeof parsed.cert !== 'string') {
      return undefined;
    }
    const pair = { key: parsed.key, cert: parsed.cert };
    return isUsableCertificate(pair) ? pair : undefined;
  } catch {
    return undefined; // missing, unreadable or corrupt: regenerate
  }
}

function generateCertificate(): Promise<CertificatePair> {
  const attributes = [
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: 'Auth0 API simulator (tests only)' },
  ];
  const options = {
    keySize: 2048,
    days: 365,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS), // tolerate clock skew
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        digitalSignature: true,
        keyEncipherment: true,
      },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  };
  return new Promise((resolve, reject) => {
    // The callback form lets node-forge use Node's native key generation.
    generateSelfSigned(attributes, options, (error, pems) => {
      if (error) reject(error);
      else resolve({ key: pems.private, cert: pems.cert });
    });
  });
}

async function loadCertificate(): Promise<CertificatePair> {
  const cached = readCachedCertificate();
  if (cached) return cached;
  const fresh = await generateCertificate();
  writeAtomically(CERT_CACHE_PATH, JSON.stringify(fresh));
  return fresh;
}

/** The file name carries the fingerprint, so concurrent simulators never overwrite each other's CA. */
function writeCaFile(certPem: string): string {
  const fingerprint = new crypto.X509Certificate(certPem).fingerprint256
    .replace(/:/g, '')
    .slice(0, 16);
  const target = path.join(
    os.tmpdir(),
    `auth0-simulator-ca-${fingerprint.toLowerCase()}.pem`,
  );
  const existing = fs.existsSync(target)
    ? fs.readFileSync(target, 'utf8')
    : undefined;
  if (existing !== certPem) writeAtomically(target, certPem);
  return target;
}

// ---------------------------------------------------------------------------
// Rate limiting

class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly limit: number,
    private readonly refillPerSecond: number,
  ) {
    this.tokens = limit;
    this.updatedMs = Date.now();
  }

  /** Takes one token if there is one; the headers describe the bucket afterwards. */
  take(now = Date.now()): {
    allowed: boolean;
    headers: Record<string, string>;
  } {
    const elapsedSeconds = Math.max(0, now - this.updatedMs) / 1000;
    this.tokens = Math.min(
      this.limit,
      this.tokens + elapsedSeconds * this.refillPerSecond,
    );
    this.updatedMs = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const secondsToFull = (this.limit - this.tokens) / this.refillPerSecond;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(this.limit),
        'x-ratelimit-remaining': String(Math.floor(this.tokens)),
        'x-ratelimit-reset': String(
          Math.ceil((now + secondsToFull * 1000) / 1000),
        ),
      },
    };
  }
}

// ---------------------------------------------------------------------------
// User index: sorted views + binary search, so a page over 100k users is cheap

interface UserEntry {
  user: Auth0UserRecord;
  id: string;
  createdMs: number;
}

export interface SortSpec {
  field: string;
  direction: 1 | -1;
}

type EntryComparator = (a: UserEntry, b: UserEntry) => number;

function compareIds(a: UserEntry, b: UserEntry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareCreated(a: UserEntry, b: UserEntry): number {
  return a.createdMs - b.createdMs || compareIds(a, b);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = typeof a === 'string' ? a : JSON.stringify(a);
  const right = typeof b === 'string' ? b : JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Ties always broken by user_id ascending, so paging is deterministic in both directions. */
function comparatorFor(sort: SortSpec | undefined): EntryComparator {
  if (!sort || sort.field === 'user_id') {
    return sort?.direction === -1 ? (a, b) => compareIds(b, a) : compareIds;
  }
  const { field, direction } = sort;
  if (field === 'created_at') {
    return (a, b) =>
      direction * (a.createdMs - b.createdMs) || compareIds(a, b);
  }
  return (a, b) => {
    const left = fieldValue(a.user, field);
    const right = fieldValue(b.user, field);
    const leftMissing = left === undefined || left === null;
    const rightMissing = right === undefined || right === null;
    if (leftMissing || rightMissing) {
      return Number(leftMissing) - Number(rightMissing) || compareIds(a, b);
    }
    return direction * compareValues(left, right) || compareIds(a, b);
  };
}

/** First index whose item is not `before` (items are ordered so `before` is monotone). */
function lowerBound<T>(
  items: readonly T[],
  before: (item: T) => boolean,
): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Window {
  source: 'created' | 'userId';
  from: number;
  to: number;
  consumed: Set<LuceneClause>;
}

function toEntry(user: Auth0UserRecord): UserEntry {
  return { user, id: user.user_id, createdMs: Date.parse(user.created_at) };
}

class UserIndex {
  private readonly byId = new Map<string, UserEntry>();
  private byUserId: UserEntry[] = [];
  private byCreated: UserEntry[] = [];
  private readonly orderings = new Map<string, UserEntry[]>();
  private readonly results = new Map<string, UserEntry[]>();

  constructor(users: readonly Auth0UserRecord[]) {
    for (const user of users) this.byId.set(user.user_id, toEntry(user));
    this.rebuild();
  }

  /** changes whenever the users do */
  version = 0;

  /** A copy of the current users in primary order (export jobs snapshot this). */
  snapshot(): Auth0UserRecord[] {
    return this.byUserId.map((entry) => entry.user);
  }

  add(users: readonly Auth0UserRecord[]): void {
    this.version += 1;
    if (users.length > 64) {
      for (const user of users) this.byId.set(user.user_id, toEntry(user));
      this.rebuild();
    } else {
      for (const user of users) this.insert(toEntry(user));
    }
    this.orderings.clear();
    this.results.clear();
  }

  /** Users matching `q` (Lucene) in `sort` order; throws LuceneSyntaxError. Read-only result. */
  search(q: string, sort: SortSpec | undefined): readonly UserEntry[] {
    const key = `${q}\u0000${sort ? `${sort.field}:${sort.direction}` : ''}`;
    const cached = this.results.get(key);
    if (cached) {
      this.results.delete(key); // re-insert: most recently used last
      this.results.set(key, cached);
      return cached;
    }
    const result =
      q.trim() === ''
        ? this.ordering(sort)
        : this.evaluate(parseLucene(q).clauses, sort);
    this.results.set(key, result);
    if (this.results.size > RESULT_CACHE_SIZE) {
      this.results.delete(this.results.keys().next().value as string);
    }
    return result;
  }

  private rebuild(): void {
    const entries = [...this.byId.values()];
    this.byUserId = entries.slice().sort(compareIds);
    this.byCreated = entries.sort(compareCreated);
  }

  private insert(entry: UserEntry): void {
    const previous = this.byId.get(entry.id);
    if (previous) {
      this.byUserId.splice(
        lowerBound(this.byUserId, (e) => compareIds(e, previous) < 0),
        1,
      );
      this.byCreated.splice(
        lowerBound(this.byCreated, (e) => compareCreated(e, previous) < 0),
        1,
      );
    }
    this.byId.set(entry.id, entry);
    this.byUserId.splice(
      lowerBound(this.byUserId, (e) => compareIds(e, entry) < 0),
      0,
      entry,
    );
    this.byCreated.splice(
      lowerBound(this.byCreated, (e) => compareCreated(e, entry) < 0),
      0,
      entry,
    );
  }

  private ordering(sort: SortSpec | undefined): UserEntry[] {
    if (!sort || (sort.field === 'user_id' && sort.direction === 1)) {
      return this.byUserId;
    }
    if (sort.field === 'created_at' && sort.direction === 1) {
      return this.byCreated;
    }
    const key = `${sort.field}:${sort.direction}`;
    let ordered = this.orderings.get(key);
    if (!ordered) {
      ordered = this.byUserId.slice().sort(comparatorFor(sort));
      this.orderings.set(key, ordered);
    }
    return ordered;
  }

  private evaluate(
    clauses: LuceneClause[],
    sort: SortSpec | undefined,
  ): UserEntry[] {
    const window = this.narrowest(clauses);
    if (!window) {
      return this.ordering(sort).filter((entry) =>
        clauses.every((c) => matchesClause(c, entry.user)),
      );
    }
    const source = window.source === 'created' ? this.byCreated : this.byUserId;
    const remaining = clauses.filter((clause) => !window.consumed.has(clause));
    let result = source.slice(window.from, window.to);
    if (remaining.length > 0) {
      result = result.filter((entry) =>
        remaining.every((c) => matchesClause(c, entry.user)),
      );
    }
    const sourceOrder = window.source === 'created' ? 'created_at' : 'user_id';
    const inOrder = sort
      ? sort.field === sourceOrder && sort.direction === 1
      : sourceOrder === 'user_id';
    return inOrder ? result : result.sort(comparatorFor(sort));
  }

  /** The smallest index slice that the query's created_at / user_id clauses allow. */
  private narrowest(clauses: LuceneClause[]): Window | undefined {
    const candidates = [
      this.createdWindow(clauses),
      this.userIdWindow(clauses),
    ].filter((window): window is Window => window !== undefined);
    candidates.sort((a, b) => a.to - a.from - (b.to - b.from));
    return candidates[0];
  }

  private createdWindow(clauses: LuceneClause[]): Window | undefined {
    const consumed = new Set<LuceneClause>();
    let from = 0;
    let to = this.byCreated.length;
    for (const clause of clauses) {
      if (!('field' in clause) || clause.field !== 'created_at') continue;
      const bounds = this.createdBounds(clause);
      if (!bounds) continue;
      consumed.add(clause);
      from = Math.max(from, bounds[0]);
      to = Math.min(to, bounds[1]);
    }
    if (consumed.size === 0) return undefined;
    return { source: 'created', from, to: Math.max(from, to), consumed };
  }

  private createdBounds(clause: LuceneClause): [number, number] | undefined {
    const items = this.byCreated;
    const atOrAfter = (ms: number) =>
      lowerBound(items, (e) => e.createdMs < ms);
    const after = (ms: number) => lowerBound(items, (e) => e.createdMs <= ms);
    if (clause.kind === 'term' && clause.ms !== undefined) {
      return [atOrAfter(clause.ms), after(clause.ms)];
    }
    if (clause.kind === 'exists') return [0, items.length];
    if (clause.kind !== 'range') return undefined;
    const { lower, upper } = clause;
    if (typeof lower?.value === 'string' || typeof upper?.value === 'string') {
      return undefined;
    }
    const from = lower
      ? lower.inclusive
        ? atOrAfter(lower.value as number)
        : after(lower.value as number)
      : 0;
    const to = upper
      ? upper.inclusive
        ? after(upper.value as number)
        : atOrAfter(upper.value as number)
      : items.length;
    return [from, to];
  }

  private userIdWindow(clauses: LuceneClause[]): Window | undefined {
    const items = this.byUserId;
    for (const clause of clauses) {
      if (!('field' in clause) || clause.field !== 'user_id') continue;
      if (clause.kind === 'term') {
        const value = clause.value;
        const from = lowerBound(items, (e) => e.id < value);
        const to = lowerBound(items, (e) => e.id <= value);
        return { source: 'userId', from, to, consumed: new Set([clause]) };
      }
      if (clause.kind === 'prefix') {
        const prefix = clause.prefix;
        const from = lowerBound(items, (e) => e.id < prefix);
        const to = lowerBound(
          items,
          (e) => e.id < prefix || e.id.startsWith(prefix),
        );
        return { source: 'userId', from, to, consumed: new Set([clause]) };
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Export jobs

interface ExportField {
  name: string;
  export_as?: string;
}

interface ExportJob {
  id: string;
  createdMs: number;
  format: 'json' | 'csv';
  fields: ExportField[];
  limit: number;
  connectionId?: string;
  users: Auth0UserRecord[];
  processingMs: number;
  fails: boolean;
  /** the gzip file, written from the moment the job is created (none when it fails) */
  file?: ExportFile;
}

/** What an export file is made of. */
type ExportContent = Pick<ExportJob, 'format' | 'fields' | 'users'>;

interface ExportFile {
  chunks: Buffer[];
  done: boolean;
  /** downloads waiting for the next chunk */
  waiting: Array<() => void>;
}

interface DownloadGrant {
  jobId: string;
  expiresMs: number;
}

/**
 * How long an export job of `users` users runs by default: 200 ms plus 1 ms
 * per 100 users. Auth0 documents no run time (docs/development.md,
 * simulator fidelity: possibly kinder than Auth0, in time only).
 */
export function exportJobProcessingMs(users: number): number {
  return 200 + Math.floor(users / 100);
}

/** `identities[0].connection`-style paths; top-level names return the value as is. */
function exportGetter(name: string): (user: Auth0UserRecord) => unknown {
  if (!/[.[]/.test(name)) return (user) => user[name];
  const parts = name.replace(/\[(\d+)\]/g, '.$1').split('.');
  return (user) => {
    let current: unknown = user;
    for (const part of parts) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One user's line of the file, for the job's fields. */
function exportLineWriter(
  job: ExportContent,
): (user: Auth0UserRecord) => string {
  const columns = job.fields.map((field) => ({
    get: exportGetter(field.name),
    as: field.export_as ?? field.name,
  }));
  if (job.format === 'csv') {
    return (user) => columns.map(({ get }) => csvCell(get(user))).join(',');
  }
  return (user) => {
    const record: Record<string, unknown> = {};
    for (const { get, as } of columns) {
      const value = get(user);
      if (value !== undefined) record[as] = value;
    }
    return JSON.stringify(record);
  };
}

/** Lines in batches: streamed through gzip, never one big string. */
function* exportChunks(job: ExportContent): Generator<string> {
  if (job.format === 'csv') {
    yield `${job.fields.map((field) => csvCell(field.export_as ?? field.name)).join(',')}\n`;
  }
  const users = job.users;
  const line = exportLineWriter(job);
  for (let start = 0; start < users.length; start += 500) {
    let chunk = '';
    const end = Math.min(users.length, start + 500);
    for (let index = start; index < end; index++) {
      chunk += `${line(users[index])}\n`;
    }
    yield chunk;
  }
}

/**
 * Writes an export file in the background from the moment the job is
 * created, as Auth0 does before it reports the job completed; compression
 * runs on libuv's pool, so the simulator keeps answering meanwhile. The job
 * reports `completed` only once the file is whole (AUTH0-API.md, "User
 * export job": `location` is the download of the gzip file).
 */
function startExportFile(job: ExportContent): ExportFile {
  const file: ExportFile = { chunks: [], done: false, waiting: [] };
  const wake = () => file.waiting.splice(0).forEach((resume) => resume());
  const gzip = zlib.createGzip({ level: 1 }); // fast; the client reads any level
  pipeline(Readable.from(exportChunks(job)), gzip, () => undefined); // errors surface on gzip
  gzip.on('data', (chunk: Buffer) => {
    file.chunks.push(chunk);
    wake();
  });
  gzip.on('end', () => {
    file.done = true;
    wake();
  });
  return file;
}

async function* readExportFile(file: ExportFile): AsyncGenerator<Buffer> {
  for (let next = 0; ;) {
    while (next < file.chunks.length) yield file.chunks[next++];
    if (file.done) return;
    await new Promise<void>((resume) => file.waiting.push(resume));
  }
}

type ExportRequest = Pick<ExportJob, 'format' | 'fields' | 'connectionId'> & {
  limit?: number;
};

function parseExportRequest(body: unknown): ExportRequest | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return `Payload validation error: 'Expected type object but found type ${Array.isArray(body) ? 'array' : typeof body}'.`;
  }
  const input = body as Record<string, unknown>;
  const format = input.format ?? 'csv';
  if (format !== 'json' && format !== 'csv') {
    return `Payload validation error: 'No enum match for: "${String(format)}"' on property format (The format of the file. Valid values are: "json" and "csv".).`;
  }
  const fields = parseExportFields(input.fields);
  if (typeof fields === 'string') return fields;
  if (format === 'csv' && fields.length > 30) {
    return `Payload validation error: 'Array is too long (${fields.length}), maximum 30' on property fields.`;
  }
  const limit = input.limit;
  if (
    limit !== undefined &&
    !(Number.isInteger(limit) && (limit as number) >= 1)
  ) {
    return "Payload validation error: 'Expected a positive integer' on property limit.";
  }
  const connectionId = input.connection_id;
  if (connectionId !== undefined && typeof connectionId !== 'string') {
    return "Payload validation error: 'Expected type string' on property connection_id.";
  }
  return { format, fields, connectionId, limit: limit as number | undefined };
}

function parseExportFields(value: unknown): ExportField[] | string {
  if (value === undefined) {
    return DEFAULT_EXPORT_FIELDS.map((name) => ({ name }));
  }
  if (!Array.isArray(value) || value.length === 0) {
    return "Payload validation error: 'Expected a non-empty array' on property fields.";
  }
  const fields: ExportField[] = [];
  for (const item of value) {
    const field = item as Record<string, unknown> | null;
    if (!field || typeof field.name !== 'string' || field.name === '') {
      return "Payload validation error: 'Missing required property: name' on property fields.";
    }
    if (field.export_as !== undefined && typeof field.export_as !== 'string') {
      return "Payload validation error: 'Expected type string' on property fields.export_as.";
    }
    fields.push(
      field.export_as === undefined
        ? { name: field.name }
        : { name: field.name, export_as: field.export_as },
    );
  }
  return fields;
}

function s3Error(
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Reply {
  const details = Object.entries(extra)
    .map(([key, value]) => `<${key}>${value}</${key}>`)
    .join('');
  const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
  return {
    status: 403,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
    },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${details}<RequestId>${requestId}</RequestId><HostId>${crypto.randomBytes(24).toString('base64')}</HostId></Error>`,
  };
}

// ---------------------------------------------------------------------------
// HTTP plumbing

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string;
  stream?: () => Readable;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function jsonReply(status: number, body: unknown): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
    },
    body: JSON.stringify(body),
  };
}

function apiError(status: number, message: string, errorCode?: string): Reply {
  const body: Record<string, unknown> = {
    statusCode: status,
    error: REASONS[status] ?? 'Error',
    message,
  };
  if (errorCode) body.errorCode = errorCode;
  return jsonReply(status, body);
}

function invalidToken(message: string): Reply {
  return jsonReply(401, {
    statusCode: 401,
    error: 'Unauthorized',
    message,
    attributes: { error: message },
  });
}

/** The token endpoint answers in OAuth's own error shape. */
function oauthReply(status: number, body: Record<string, unknown>): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      pragma: 'no-cache',
    },
    body: JSON.stringify(body),
  };
}

function oauthError(status: number, error: string, description: string): Reply {
  return oauthReply(status, { error, error_description: description });
}

class QueryValidationError extends Error {}

function queryError(property: string, detail: string): QueryValidationError {
  return new QueryValidationError(
    `Query validation error: '${detail}' on property ${property}`,
  );
}

function integerParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max?: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw queryError(name, 'Expected type integer but found type string');
  }
  const value = Number(raw);
  if (value < 0) {
    throw queryError(name, `Value ${value} is less than minimum 0`);
  }
  if (max !== undefined && value > max) {
    throw queryError(name, `Value ${value} is greater than maximum ${max}`);
  }
  return value;
}

function booleanParam(
  params: URLSearchParams,
  name: string,
): boolean | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') {
    throw queryError(name, 'Expected type boolean but found type string');
  }
  return raw === 'true';
}

const SORT_PATTERN = /^([a-zA-Z0-9_.]+):(1|-1)$/;

function sortParam(params: URLSearchParams): SortSpec | undefined {
  const raw = params.get('sort');
  if (raw === null || raw === '') return undefined;
  const match = SORT_PATTERN.exec(raw);
  if (!match) {
    // Auth0's own wording and pattern.
    throw queryError(
      'sort',
      `String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${raw}`,
    );
  }
  return { field: match[1], direction: match[2] === '-1' ? -1 : 1 };
}

interface FieldSelection {
  names: Set<string>;
  include: boolean;
}

function fieldsParam(params: URLSearchParams): FieldSelection | undefined {
  const raw = params.get('fields');
  if (raw === null || raw.trim() === '') return undefined;
  const names = new Set(
    raw
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  return { names, include: booleanParam(params, 'include_fields') ?? true };
}

function project<T extends Record<string, unknown>>(
  record: T,
  fields: FieldSelection | undefined,
): Record<string, unknown> {
  if (!fields) return record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (fields.names.has(key) === fields.include) out[key] = value;
  }
  return out;
}

function pageBounds(params: URLSearchParams): {
  page: number;
  perPage: number;
  start: number;
} {
  const page = integerParam(params, 'page', 0);
  const perPage = integerParam(
    params,
    'per_page',
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
  );
  return { page, perPage, start: page * perPage };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function randomId(length: number): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// ---------------------------------------------------------------------------
// The simulator

interface IssuedToken {
  expiresMs: number;
  scopes: string[];
}

interface ApiRoute {
  method: string;
  pattern: RegExp;
  name: string;
  scopes: string[];
  handle: (
    url: URL,
    match: RegExpExecArray,
    body: string,
    tokenScopes: string[],
  ) => Reply;
}

class Simulator {
  readonly stats: SimulatorStats = {
    requests: 0,
    byRoute: {},
    rateLimited: 0,
    tokensIssued: 0,
    faults: 0,
  };
  baseUrl = '';
  private scopes: string[];
  private stopped = false;
  private readonly tenant: SimulatedTenant;
  private readonly users: UserIndex;
  private readonly clientsById: Map<string, Auth0ClientRecord>;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly apiBucket: TokenBucket | undefined;
  private readonly tokenBucket = new TokenBucket(300, 5);
  private readonly jobs = new Map<string, ExportJob>();
  /** the export file written last, reused while the users and the request stay the same */
  private lastExport:
    { key: string; users: Auth0UserRecord[]; file: ExportFile } | undefined;
  private readonly downloads = new Map<string, DownloadGrant>();
  private readonly pendingDelays = new Set<() => void>();
  private failNext: number;
  private readonly faults: FaultInjector;
  private readonly routes: ApiRoute[] = [
    {
      method: 'GET',
      pattern: /^\/api\/v2\/users\/?$/,
      name: 'GET /api/v2/users',
      scopes: ['read:users'],
      handle: (url) => this.listUsers(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/clients\/?$/,
      name: 'GET /api/v2/clients',
      scopes: ['read:clients'],
      handle: (url) => this.listClients(url),
    },
    {
      method: 'POST',
      pattern: /^\/api\/v2\/jobs\/users-exports\/?$/,
      name: 'POST /api/v2/jobs/users-exports',
      scopes: ['read:users'],
      handle: (_url, _match, body) => this.createExportJob(body),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/jobs\/([^/]+)\/?$/,
      name: 'GET /api/v2/jobs/:id',
      scopes: ['create:users', 'read:users'],
      handle: (_url, match) => this.getJob(match[1]),
    },
    // Roles, resource servers, client grants and organizations (identity.ts).
    ...identityRoutes(() => this.tenant).map((route): ApiRoute => ({
      ...route,
      handle: (url, match, _body, tokenScopes) => {
        const reply = route.handle(url, match, tokenScopes);
        return jsonReply(reply.status, reply.body);
      },
    })),
    // Connections, MFA, tenant settings, attack protection, signing keys (posture.ts).
    ...postureRoutes(() => this.tenant).map((route): ApiRoute => ({
      ...route,
      handle: (url, match, _body, tokenScopes) => {
        const reply = route.handle(url, match, tokenScopes);
        return jsonReply(reply.status, reply.body);
      },
    })),
    // Actions, rules, hooks, log streams, custom domains, email provider (extensibility.ts).
    ...extensibilityRoutes(() => this.tenant).map((route): ApiRoute => ({
      ...route,
      handle: (url, match, _body, tokenScopes) => {
        const reply = route.handle(url, match, tokenScopes);
        return jsonReply(reply.status, reply.body);
      },
    })),
  ];

  constructor(private readonly options: SimulatorOptions) {
    this.tenant = options.tenant;
    this.scopes = [...options.tenant.m2m.scopes];
    this.users = new UserIndex(options.tenant.users);
    this.clientsById = new Map(
      options.tenant.clients.map((client) => [client.client_id, client]),
    );
    const rateLimit =
      options.rateLimit === undefined
        ? { limit: 50, refillPerSecond: 16 }
        : options.rateLimit;
    this.apiBucket = rateLimit
      ? new TokenBucket(rateLimit.limit, rateLimit.refillPerSecond)
      : undefined;
    this.failNext = options.exportJobs?.failNext ?? 0;
    this.faults = new FaultInjector(options.faults, options.faultSeed);
  }

  // -- controls --------------------------------------------------------------

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.rateLimited = 0;
    this.stats.tokensIssued = 0;
    this.stats.faults = 0;
    for (const key of Object.keys(this.stats.byRoute)) {
      delete this.stats.byRoute[key];
    }
  }

  addUsers(users: Auth0UserRecord[]): void {
    this.users.add(users);
  }

  async prepareUserExport(body: unknown): Promise<void> {
    const request = parseExportRequest(body);
    if (typeof request === 'string') throw new Error(request);
    const { file } = this.exportFile(request);
    while (!file.done) {
      await new Promise<void>((resume) => file.waiting.push(resume));
    }
  }

  /**
   * The file of an export of the current users: the one prepared or written
   * last when neither the users nor the request changed since, else a new one.
   */
  private exportFile(request: ExportRequest): {
    users: Auth0UserRecord[];
    file: ExportFile;
  } {
    const key = JSON.stringify([this.users.version, request]);
    if (this.lastExport?.key === key) return this.lastExport;
    const snapshot = this.users.snapshot();
    const users =
      request.limit === undefined ? snapshot : snapshot.slice(0, request.limit);
    const file = startExportFile({ ...request, users });
    this.lastExport = { key, users, file };
    return this.lastExport;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  setScopes(scopes: string[]): void {
    this.scopes = [...scopes];
  }

  setFaults(rules: FaultRule[]): void {
    this.faults.set(rules);
  }

  shutdown(): void {
    this.stopped = true;
    for (const release of this.pendingDelays) release();
    this.pendingDelays.clear();
  }

  // -- request pipeline --------------------------------------------------------

  async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const arrivalMs = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.baseUrl || 'https://localhost');
    const fault = this.nextFault(method, url.pathname);
    if (fault && (await this.interrupt(fault, method, url.pathname, req))) {
      return;
    }
    let reply: Reply;
    try {
      reply =
        fault?.kind === 'status' || fault?.kind === 'nonjson'
          ? this.faultReply(fault, method, url.pathname)
          : await this.route(method, url, req);
    } catch (error) {
      reply = apiError(
        500,
        error instanceof Error ? error.message : String(error),
      );
    }
    await this.delayUntil(arrivalMs + (this.options.latencyMs ?? 0));
    if (fault?.kind === 'truncate') await this.sendTruncated(res, reply);
    else this.send(res, reply);
  }

  // -- fault injection (rules in faults.ts) ---------------------------------------

  /** The name a request is counted under in stats.byRoute, without counting it. */
  private routeName(method: string, pathname: string): string {
    if (pathname === '/oauth/token' && method === 'POST') {
      return 'POST /oauth/token';
    }
    if (pathname.startsWith('/api/v2/')) {
      return (
        this.findRoute(method, pathname)?.route.name ?? `${method} ${pathname}`
      );
    }
    if (method === 'GET' && DOWNLOAD_PATH.test(pathname)) {
      return 'GET /exports/:id';
    }
    return `${method} ${pathname}`;
  }

  /** Picks this request's fault; token faults take effect here, before it is handled. */
  private nextFault(method: string, pathname: string): FaultRule | undefined {
    const fault = this.faults.next(
      this.routeName(method, pathname),
      pathname.startsWith('/api/v2/'),
    );
    if (!fault) return undefined;
    this.stats.faults++;
    if (fault.kind === 'revoke-token') this.revokeTokens();
    if (fault.kind === 'expire-token') {
      const now = Date.now();
      for (const token of this.tokens.values()) token.expiresMs = now;
    }
    return fault;
  }

  /** Resets and hangs: the request is counted and read, and never answered. */
  private async interrupt(
    fault: FaultRule,
    method: string,
    pathname: string,
    req: http.IncomingMessage,
  ): Promise<boolean> {
    if (fault.kind !== 'reset' && fault.kind !== 'hang') return false;
    this.count(this.routeName(method, pathname));
    await readBody(req);
    // A hung request keeps its socket open; stop() closes every connection.
    if (fault.kind === 'reset') req.socket.destroy();
    return true;
  }

  private faultReply(
    fault: FaultRule,
    method: string,
    pathname: string,
  ): Reply {
    const name = this.routeName(method, pathname);
    this.count(name);
    if (fault.kind === 'nonjson') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<html><head><title>Service maintenance</title></head><body><h1>We will be back shortly</h1></body></html>',
      };
    }
    const status = fault.status ?? 500;
    if (name === 'POST /oauth/token') {
      return status === 429
        ? oauthError(429, 'too_many_requests', 'Global limit has been reached')
        : oauthError(status, 'server_error', REASONS[status] ?? 'Error');
    }
    if (status !== 429) {
      return apiError(status, REASONS[status] ?? 'Injected fault');
    }
    this.stats.rateLimited++;
    const reply = apiError(
      429,
      'Global limit has been reached',
      'too_many_requests',
    );
    // An empty bucket: full again after limit / refill seconds.
    const rateLimit = this.options.rateLimit;
    const refillMs = rateLimit
      ? (rateLimit.limit / rateLimit.refillPerSecond) * 1000
      : 0;
    Object.assign(reply.headers, {
      'x-ratelimit-limit': String(rateLimit?.limit ?? 50),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil((Date.now() + refillMs) / 1000)),
    });
    return reply;
  }

  /** Headers announce the whole body; half of it is sent before the connection drops. */
  private async sendTruncated(
    res: http.ServerResponse,
    reply: Reply,
  ): Promise<void> {
    const body = reply.stream
      ? Buffer.concat(await reply.stream().toArray())
      : Buffer.from(reply.body ?? '');
    if (this.stopped || res.destroyed) {
      res.destroy();
      return;
    }
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(body.length),
    });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () =>
      res.destroy(),
    );
  }

  private count(routeName: string): void {
    this.stats.requests++;
    this.stats.byRoute[routeName] = (this.stats.byRoute[routeName] ?? 0) + 1;
  }

  private async route(
    method: string,
    url: URL,
    req: http.IncomingMessage,
  ): Promise<Reply> {
    const pathname = url.pathname;
    if (pathname === '/oauth/token' && method === 'POST') {
      this.count('POST /oauth/token');
      const limited = this.tokenBucket.take();
      const body = await readBody(req);
      const reply = limited.allowed
        ? this.issueToken(body, req)
        : oauthError(429, 'too_many_requests', 'Global limit has been reached');
      if (!limited.allowed) this.stats.rateLimited++;
      Object.assign(reply.headers, limited.headers);
      return reply;
    }
    if (pathname.startsWith('/api/v2/')) return this.routeApi(method, url, req);
    const download = DOWNLOAD_PATH.exec(pathname);
    if (download && method === 'GET') {
      this.count('GET /exports/:id');
      return this.download(download[1], download[2], url);
    }
    this.count(`${method} ${pathname}`);
    if (method === 'POST') await readBody(req);
    return apiError(404, 'Not Found');
  }

  private async routeApi(
    method: string,
    url: URL,
    req: http.IncomingMessage,
  ): Promise<Reply> {
    const found = this.findRoute(method, url.pathname);
    this.count(found ? found.route.name : `${method} ${url.pathname}`);
    // The rate-limit decision is made on arrival; a 429 does not consume a token.
    const limited = this.apiBucket?.take();
    const body =
      method === 'POST' || method === 'PUT' || method === 'PATCH'
        ? await readBody(req)
        : '';
    const reply = this.apiReply(
      limited?.allowed ?? true,
      found,
      url,
      req,
      body,
    );
    if (limited) Object.assign(reply.headers, limited.headers);
    return reply;
  }

  private findRoute(
    method: string,
    pathname: string,
  ): { route: ApiRoute; match: RegExpExecArray } | undefined {
    for (const route of this.routes) {
      const match =
        route.method === method ? route.pattern.exec(pathname) : null;
      if (match) return { route, match };
    }
    return undefined;
  }

  private apiReply(
    allowed: boolean,
    found: { route: ApiRoute; match: RegExpExecArray } | undefined,
    url: URL,
    req: http.IncomingMessage,
    body: string,
  ): Reply {
    if (!allowed) {
      this.stats.rateLimited++;
      return apiError(
        429,
        'Global limit has been reached',
        'too_many_requests',
      );
    }
    if (!found) return apiError(404, 'Not Found');
    const { route, match } = found;
    const token = this.authenticate(req);
    if ('status' in token) return token;
    if (!route.scopes.some((scope) => token.scopes.includes(scope))) {
      return apiError(
        403,
        `Insufficient scope, expected any of: ${route.scopes.join(',')}`,
        'insufficient_scope',
      );
    }
    try {
      return route.handle(url, match, body, token.scopes);
    } catch (error) {
      if (error instanceof QueryValidationError) {
        return apiError(400, error.message, 'invalid_query_string');
      }
      if (error instanceof LuceneSyntaxError) {
        return apiError(
          400,
          `Invalid query string: ${error.message}`,
          'invalid_query_string',
        );
      }
      throw error;
    }
  }

  private authenticate(req: http.IncomingMessage): IssuedToken | Reply {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = match ? this.tokens.get(match[1]) : undefined;
    if (!token) return invalidToken('Invalid token');
    if (token.expiresMs <= Date.now()) {
      return invalidToken(
        'Expired token received for JSON Web Token validation',
      );
    }
    return token;
  }

  private delayUntil(targetMs: number): Promise<void> {
    const wait = targetMs - Date.now();
    if (wait <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.pendingDelays.delete(release);
        resolve();
      };
      const timer = setTimeout(release, wait);
      this.pendingDelays.add(release);
    });
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    if (this.stopped || res.destroyed) {
      res.destroy();
      return;
    }
    if (reply.stream) {
      res.writeHead(reply.status, reply.headers);
      pipeline(reply.stream(), res, () => undefined); // a client hanging up mid-download is not our error
      return;
    }
    const body = reply.body ?? '';
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }

  // -- POST /oauth/token ---------------------------------------------------------

  private issueToken(rawBody: string, req: http.IncomingMessage): Reply {
    const params = parseTokenRequest(rawBody, req.headers['content-type']);
    if (!params) {
      return oauthError(400, 'invalid_request', 'Invalid request body');
    }
    const basic = basicCredentials(req.headers.authorization);
    const clientId = params.client_id ?? basic?.clientId;
    const clientSecret = params.client_secret ?? basic?.clientSecret;
    if (!params.grant_type) {
      return oauthError(
        400,
        'invalid_request',
        'Missing required parameter: grant_type',
      );
    }
    const client = clientId ? this.clientsById.get(clientId) : undefined;
    if (
      !client ||
      typeof clientSecret !== 'string' ||
      client.client_secret !== clientSecret
    ) {
      return oauthError(401, 'access_denied', 'Unauthorized');
    }
    if (params.grant_type !== 'client_credentials') {
      return oauthError(
        403,
        'unauthorized_client',
        `Grant type '${params.grant_type}' not allowed for the client.`,
      );
    }
    const audience = params.audience;
    if (!audience) {
      return oauthError(
        403,
        'access_denied',
        'No audience parameter was provided, and no default audience has been configured',
      );
    }
    if (audience !== this.tenant.audience) {
      return oauthError(
        403,
        'access_denied',
        `Service not enabled within domain: ${audience}`,
      );
    }
    const scopes =
      client.client_id === this.tenant.m2m.clientId
        ? this.grantedScopes(params.scope)
        : [];
    if (scopes.length === 0) {
      return oauthError(
        403,
        'access_denied',
        `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      );
    }
    return oauthReply(200, this.mintToken(client.client_id, scopes));
  }

  private grantedScopes(requested: string | undefined): string[] {
    if (!requested) return [...this.scopes];
    const wanted = new Set(requested.split(/\s+/).filter(Boolean));
    return this.scopes.filter((scope) => wanted.has(scope));
  }

  /** JWT-shaped (decodable header and payload) but only valid on this simulator. */
  private mintToken(
    clientId: string,
    scopes: string[],
  ): Record<string, unknown> {
    const ttlSeconds = this.options.tokenTtlSeconds ?? 86400;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const issuer = this.tenant.audience.replace(/api\/v2\/$/, '');
    const header = { alg: 'RS256', typ: 'JWT', kid: 'simulator' };
    const payload = {
      iss: issuer,
      sub: `${clientId}@clients`,
      aud: this.tenant.audience,
      iat: nowSeconds,
      exp: nowSeconds + ttlSeconds,
      scope: scopes.join(' '),
      gty: 'client-credentials',
      azp: clientId,
      jti: randomId(16),
    };
    const accessToken = `${base64url(header)}.${base64url(payload)}.${crypto.randomBytes(32).toString('base64url')}`;
    this.tokens.set(accessToken, {
      expiresMs: Date.now() + ttlSeconds * 1000,
      scopes,
    });
    this.stats.tokensIssued++;
    return {
      access_token: accessToken,
      scope: scopes.join(' '),
      expires_in: ttlSeconds,
      token_type: 'Bearer',
    };
  }

  // -- GET /api/v2/users -----------------------------------------------------------

  private listUsers(url: URL): Reply {
    const params = url.searchParams;
    const { perPage, start } = pageBounds(params);
    const includeTotals = booleanParam(params, 'include_totals') ?? false;
    booleanParam(params, 'primary_order'); // validated; the order is always deterministic
    const engine = params.get('search_engine');
    if (engine !== null && !['v1', 'v2', 'v3'].includes(engine)) {
      throw queryError('search_engine', `No enum match for: "${engine}"`);
    }
    const sort = sortParam(params);
    const fields = fieldsParam(params);
    if (start + perPage > SEARCH_RESULT_CAP) {
      return apiError(
        400,
        'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
        'invalid_paging',
      );
    }
    const matches = this.users.search(params.get('q') ?? '', sort);
    const unreturned = new Set(this.options.unreturnedUserIds ?? []);
    const users = matches
      .slice(start, start + perPage)
      .filter((entry) => !unreturned.has(entry.id))
      .map((entry) => project(entry.user, fields));
    if (!includeTotals) return jsonReply(200, users);
    return jsonReply(200, {
      start,
      limit: perPage,
      length: users.length,
      users,
      // Over 1,000 matches report 1,000 (AUTH0-API.md, "Users": "total is capped at 1,000 too").
      total: this.options.kinder?.exactSearchTotals
        ? matches.length
        : Math.min(matches.length, SEARCH_RESULT_CAP),
    });
  }

  // -- GET /api/v2/clients -----------------------------------------------------------

  private listClients(url: URL): Reply {
    const params = url.searchParams;
    const { page, perPage: asked } = pageBounds(params);
    const perPage = Math.min(asked, CLIENTS_APPLIED_PAGE_SIZE);
    const start = page * perPage;
    // Whether clients stop at 1,000 by offset is not documented: the harsher reading, as on other offset lists.
    if (start + perPage > SEARCH_RESULT_CAP) {
      return apiError(
        400,
        `Requesting page ${page} exceeds the allowed maximum of ${SEARCH_RESULT_CAP} records.`,
        'invalid_paging',
      );
    }
    const includeTotals = booleanParam(params, 'include_totals') ?? false;
    const fields = fieldsParam(params);
    const isGlobal = booleanParam(params, 'is_global');
    const isFirstParty = booleanParam(params, 'is_first_party');
    const appTypes = params.get('app_type')?.split(',').filter(Boolean);
    const matches = this.tenant.clients.filter(
      (client) =>
        (isGlobal === undefined || (client.global === true) === isGlobal) &&
        (isFirstParty === undefined ||
          (client.is_first_party === true) === isFirstParty) &&
        (!appTypes || appTypes.includes(String(client.app_type))),
    );
    const clients = matches
      .slice(start, start + perPage)
      .map((client) => project(client, fields));
    if (!includeTotals) return jsonReply(200, clients);
    return jsonReply(200, {
      start,
      limit: perPage,
      total: Math.min(matches.length, SEARCH_RESULT_CAP),
      clients,
    });
  }

  // -- export jobs ---------------------------------------------------------------------

  private createExportJob(rawBody: string): Reply {
    if (this.options.exportJobs?.enabled === false) {
      return apiError(
        403,
        'This feature is not available on your current plan. Please upgrade to use user exports.',
        'operation_not_supported',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return apiError(400, 'Invalid request payload JSON format');
    }
    const request = parseExportRequest(body);
    if (typeof request === 'string') {
      return apiError(400, request, 'invalid_body');
    }
    const fails = this.failNext > 0;
    if (fails) this.failNext--;
    const { users, file } = fails
      ? {
          users: this.users.snapshot().slice(0, request.limit),
          file: undefined,
        }
      : this.exportFile(request);
    const job: ExportJob = {
      id: `job_${randomId(16)}`,
      createdMs: Date.now(),
      format: request.format,
      fields: request.fields,
      limit: request.limit ?? users.length,
      connectionId: request.connectionId,
      users,
      processingMs:
        this.options.exportJobs?.processingMs ??
        exportJobProcessingMs(users.length),
      fails,
      file,
    };
    this.jobs.set(job.id, job);
    return jsonReply(201, this.jobView(job, 'pending'));
  }

  private getJob(id: string): Reply {
    const job = this.jobs.get(id);
    if (!job) return apiError(404, 'The job does not exist.', 'inexistent_job');
    const elapsed = Date.now() - job.createdMs;
    if (elapsed < job.processingMs * 0.2) {
      return jsonReply(200, this.jobView(job, 'pending'));
    }
    // Not completed before the file is whole: `location` serves a finished file.
    if (elapsed < job.processingMs || (job.file && !job.file.done)) {
      return jsonReply(200, {
        ...this.jobView(job, 'processing'),
        percentage_done: Math.min(
          99,
          Math.floor((elapsed / job.processingMs) * 100),
        ),
        time_left_seconds: Math.max(
          1,
          Math.ceil((job.processingMs - elapsed) / 1000),
        ),
      });
    }
    if (job.fails) {
      return jsonReply(200, {
        ...this.jobView(job, 'failed'),
        summary: {
          failed: job.users.length,
          updated: 0,
          inserted: 0,
          total: job.users.length,
        },
        error:
          'Export failed: an internal error occurred while exporting users',
      });
    }
    return jsonReply(200, {
      ...this.jobView(job, 'completed'),
      location: this.grantDownload(job),
    });
  }

  private jobView(job: ExportJob, status: string): Record<string, unknown> {
    const view: Record<string, unknown> = { type: 'users_export', status };
    if (job.connectionId) view.connection_id = job.connectionId;
    return {
      ...view,
      format: job.format,
      limit: job.limit,
      fields: job.fields,
      created_at: new Date(job.createdMs).toISOString(),
      id: job.id,
    };
  }

  private grantDownload(job: ExportJob): string {
    const now = Date.now();
    for (const [signature, grant] of this.downloads) {
      if (grant.expiresMs < now - 3_600_000) this.downloads.delete(signature); // forget long-dead links
    }
    const ttlSeconds = this.options.exportJobs?.downloadTtlSeconds ?? 60;
    const signature = crypto.randomBytes(32).toString('hex');
    this.downloads.set(signature, {
      jobId: job.id,
      expiresMs: now + ttlSeconds * 1000,
    });
    return `${this.baseUrl}/exports/${job.id}/users.${job.format}.gz?X-Amz-Signature=${signature}`;
  }

  private download(jobId: string, extension: string, url: URL): Reply {
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    const grant = this.downloads.get(signature);
    const job = this.jobs.get(jobId);
    if (!grant || grant.jobId !== jobId || !job || job.format !== extension) {
      return s3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    const now = Date.now();
    if (grant.expiresMs <= now) {
      return s3Error('AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(
          this.options.exportJobs?.downloadTtlSeconds ?? 60,
        ),
        Expires: new Date(grant.expiresMs).toISOString(),
        ServerTime: new Date(now).toISOString(),
      });
    }
    const file = job.file ?? { chunks: [], done: true, waiting: [] };
    const length = file.chunks.reduce(
      (total, chunk) => total + chunk.length,
      0,
    );
    return {
      status: 200,
      headers: {
        'content-type': 'application/gzip',
        // Storage knows a finished file's length; one still being written is sent chunked.
        ...(file.done ? { 'content-length': String(length) } : {}),
        'content-disposition': `attachment; filename="${this.tenant.name}.${extension}.gz"`,
        'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
      },
      stream: () => Readable.from(readExportFile(file)),
    };
  }
}

function parseTokenRequest(
  raw: string,
  contentType: string | undefined,
): Record<string, string | undefined> | undefined {
  const looksJson =
    contentType?.includes('json') ?? raw.trimStart().startsWith('{');
  if (!looksJson) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const out: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  } catch {
    return undefined;
  }
}

function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function listen(server: https.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  const certificate = await loadCertificate();
  const caCertPath = writeCaFile(certificate.cert);
  const simulator = new Simulator(options);
  const server = https.createServer(
    { key: certificate.key, cert: certificate.cert },
    (req, res) => {
      void simulator.handle(req, res);
    },
  );
  const port = await listen(server, options.port ?? 0);
  const domain = `localhost:${port}`;
  simulator.baseUrl = `https://${domain}`;
  let stopping: Promise<void> | undefined;

  return {
    port,
    domain,
    baseUrl: simulator.baseUrl,
    caCertPem: certificate.cert,
    caCertPath,
    config: {
      clientId: options.tenant.m2m.clientId,
      clientSecret: options.tenant.m2m.clientSecret,
      domain,
      audience: options.tenant.audience,
    },
    stats: simulator.stats,
    resetStats: () => simulator.resetStats(),
    addUsers: (users) => simulator.addUsers(users),
    revokeTokens: () => simulator.revokeTokens(),
    prepareUserExport: (body) => simulator.prepareUserExport(body),
    setScopes: (scopes) => simulator.setScopes(scopes),
    setFaults: (rules) => simulator.setFaults(rules),
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        simulator.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
