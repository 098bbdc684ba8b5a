/**
 * A local fake of the JupiterOne synchronization API (persister), limited to
 * what `j1-integration sync` and `run` of SDK 8.41 call:
 *
 *   POST /persister/synchronization/jobs                    start a job
 *   GET  /persister/synchronization/jobs/:id                job status (--skip-finalize)
 *   POST /persister/synchronization/jobs/:id/entities       { entities: [...] }
 *   POST /persister/synchronization/jobs/:id/relationships  { relationships: [...] }
 *   POST /persister/synchronization/jobs/:id/events         { events: [{ name, description }] }
 *   POST /persister/synchronization/jobs/:id/finalize       { partialDatasets: { types } }
 *   POST /persister/synchronization/jobs/:id/abort          { reason }
 *
 * It records everything a contract test needs and answers anything else 404
 * (recorded in `unknownRequests`).
 */
import crypto from 'crypto';
import http from 'http';
import { AddressInfo } from 'net';

/** Lambda behind the real API refuses request payloads above 6 MiB with 413. */
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

export type JobStatus = 'AWAITING_UPLOADS' | 'FINALIZE_PENDING' | 'ABORTED';

export type UploadType = 'entities' | 'relationships';

export interface GraphObject {
  _key: string;
  _type?: string;
  [property: string]: unknown;
}

export interface UploadBatch {
  type: UploadType;
  count: number;
  /** size of the request body as received */
  bytes: number;
  keys: string[];
  /** JupiterOne-Correlation-Id; the SDK keeps it across retries of one batch */
  correlationId: string | undefined;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** `Authorization: Bearer <expected key>`; the key itself is never stored */
  bearerMatches: boolean;
  account: string | undefined;
}

export interface FakeJob {
  id: string;
  integrationJobId: string | undefined;
  /** body of the start request: { source, integrationInstanceId, integrationJobId?, scope? } */
  config: Record<string, unknown>;
  status: JobStatus;
  startTimestamp: number;
  /** every accepted entity, in arrival order, duplicates included */
  entities: GraphObject[];
  relationships: GraphObject[];
  /** accepted upload requests */
  batches: UploadBatch[];
  /** upload requests answered 413 (body above maxBodyBytes) */
  rejectedBatches: UploadBatch[];
  /** uploads after the job left AWAITING_UPLOADS (answered 400) */
  lateUploads: number;
  events: Array<{ name?: string; description?: string }>;
  finalizeBodies: Array<{ partialDatasets?: { types: string[] } }>;
  abortBodies: Array<{ reason?: string }>;
  statusChecks: number;
}

export interface FakeSyncApiOptions {
  /** requests without `Authorization: Bearer <apiKey>` get 401; default: any bearer token */
  apiKey?: string;
  /** default DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number;
}

export interface FakeSyncApi {
  baseUrl: string;
  jobs: FakeJob[];
  /** e.g. 'PUT /persister/foo' */
  unknownRequests: string[];
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JOBS_PATH = '/persister/synchronization/jobs';

export async function startFakeSyncApi(
  options: FakeSyncApiOptions = {},
): Promise<FakeSyncApi> {
  const jobs: FakeJob[] = [];
  const unknownRequests: string[] = [];
  const requests: RecordedRequest[] = [];
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => route(req, raw))
      .catch(errorReply)
      .then((reply) => {
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          status: reply.status,
          bearerMatches: bearerMatches(req, options.apiKey),
          account: header(req, 'lifeomic-account'),
        });
        if (reply.status === 404) {
          unknownRequests.push(`${req.method} ${req.url}`);
        }
        send(res, reply);
      });
  });

  function route(req: http.IncomingMessage, raw: Buffer): Reply {
    if (!bearerMatches(req, options.apiKey)) {
      throw new HttpError(401, 'UNAUTHORIZED', 'Unauthorized');
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? '';
    if (method === 'POST' && url.pathname === JOBS_PATH) {
      return startJob(parseJson(raw));
    }
    const match = url.pathname.match(
      /^\/persister\/synchronization\/jobs\/([^/]+)(?:\/([a-z]+))?$/,
    );
    const job = match && jobs.find((j) => j.id === match[1]);
    if (!match || !job) return notFound();
    const action = match[2];
    if (method === 'GET' && action === undefined) {
      job.statusChecks += 1;
      return { status: 200, body: { job: jobView(job) } };
    }
    if (method !== 'POST') return notFound();
    switch (action) {
      case 'entities':
      case 'relationships':
        return upload(
          job,
          action,
          raw,
          header(req, 'jupiterone-correlation-id'),
        );
      case 'events':
        return recordEvents(job, parseJson(raw));
      case 'finalize':
        return finalize(job, parseJson(raw));
      case 'abort':
        return abort(job, parseJson(raw));
      default:
        return notFound();
    }
  }

  function startJob(body: Record<string, unknown>): Reply {
    const source = body.source;
    if (source !== 'api' && typeof body.integrationInstanceId !== 'string') {
      throw new HttpError(400, 'BAD_REQUEST', 'integrationInstanceId required');
    }
    const id = crypto.randomUUID();
    const job: FakeJob = {
      id,
      // Like the real API: for integration sources the integration job and the
      // synchronization job share one id, unless the caller supplied one.
      integrationJobId:
        source === 'api'
          ? undefined
          : typeof body.integrationJobId === 'string'
            ? body.integrationJobId
            : id,
      config: body,
      status: 'AWAITING_UPLOADS',
      startTimestamp: Date.now(),
      entities: [],
      relationships: [],
      batches: [],
      rejectedBatches: [],
      lateUploads: 0,
      events: [],
      finalizeBodies: [],
      abortBodies: [],
      statusChecks: 0,
    };
    jobs.push(job);
    return { status: 200, body: { job: jobView(job) } };
  }

  function upload(
    job: FakeJob,
    type: UploadType,
    raw: Buffer,
    correlationId: string | undefined,
  ): Reply {
    const items = parseJson(raw)[type];
    if (!Array.isArray(items)) {
      const code = type === 'entities' ? 'ENTITY' : 'RELATIONSHIP';
      throw new HttpError(
        400,
        `${code}_IS_NOT_ARRAY`,
        `"${type}" should be an array`,
      );
    }
    if (!items.every(hasKey)) {
      throw new HttpError(
        400,
        'MISSING_KEY',
        `every item of "${type}" needs a _key`,
      );
    }
    const batch: UploadBatch = {
      type,
      count: items.length,
      bytes: raw.length,
      keys: items.map((item) => item._key),
      correlationId,
    };
    if (raw.length > maxBodyBytes) {
      job.rejectedBatches.push(batch);
      throw new HttpError(
        413,
        'REQUEST_ENTITY_TOO_LARGE',
        'Request Entity Too Large',
      );
    }
    if (job.status !== 'AWAITING_UPLOADS') {
      job.lateUploads += 1;
      throw new HttpError(
        400,
        'JOB_NOT_AWAITING_UPLOADS',
        `Job is ${job.status}`,
      );
    }
    job.batches.push(batch);
    job[type].push(...items);
    return { status: 200, body: {} };
  }

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        jobs,
        unknownRequests,
        requests,
        stop: () => closeServer(server),
      });
    });
  });
}

function recordEvents(job: FakeJob, body: Record<string, unknown>): Reply {
  if (!Array.isArray(body.events)) {
    throw new HttpError(
      400,
      'EVENTS_IS_NOT_ARRAY',
      '"events" should be an array',
    );
  }
  job.events.push(...body.events);
  return { status: 200, body: {} };
}

function finalize(job: FakeJob, body: Record<string, unknown>): Reply {
  job.finalizeBodies.push(body);
  if (job.status !== 'AWAITING_UPLOADS') {
    throw new HttpError(
      400,
      'JOB_NOT_AWAITING_UPLOADS',
      `Job is ${job.status}`,
    );
  }
  // The real API finalizes asynchronously; FINALIZE_PENDING is its first answer.
  job.status = 'FINALIZE_PENDING';
  return { status: 200, body: { job: jobView(job) } };
}

function abort(job: FakeJob, body: Record<string, unknown>): Reply {
  job.abortBodies.push(body);
  job.status = 'ABORTED';
  return { status: 200, body: { job: jobView(job) } };
}

/** The job as the API returns it (`SynchronizationJob` in sdk-core). */
function jobView(job: FakeJob): Record<string, unknown> {
  return {
    id: job.id,
    source: job.config.source,
    scope: job.config.scope,
    integrationInstanceId: job.config.integrationInstanceId,
    integrationJobId: job.integrationJobId,
    status: job.status,
    startTimestamp: job.startTimestamp,
    numEntitiesUploaded: job.entities.length,
    numEntitiesCreated: 0,
    numEntitiesUpdated: 0,
    numEntitiesDeleted: 0,
    numRelationshipsUploaded: job.relationships.length,
    numRelationshipsCreated: 0,
    numRelationshipsUpdated: 0,
    numRelationshipsDeleted: 0,
  };
}

function hasKey(item: unknown): item is GraphObject {
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof (item as GraphObject)._key === 'string'
  );
}

function notFound(): Reply {
  return {
    status: 404,
    body: { error: { code: 'NOT_FOUND', message: 'Not Found' } },
  };
}

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message } },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: String(err) } },
  };
}

function parseJson(raw: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
    if (typeof parsed === 'object' && parsed !== null) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'INVALID_JSON', 'Body must be a JSON object');
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerMatches(
  req: http.IncomingMessage,
  apiKey: string | undefined,
): boolean {
  const auth = header(req, 'authorization') ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
  return apiKey === undefined ? token.length > 0 : token === apiKey;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Drop the CLI's idle keep-alive sockets so close() returns at once.
    server.closeAllConnections();
  });
}
