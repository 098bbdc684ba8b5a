import { execFileSync } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as zlib from 'zlib';

import { httpRequest, httpStream } from './http';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let handler: Handler;
let connections = 0;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => handler(req, res));
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (path: string, timeoutMs = 60_000) =>
  httpRequest(`${base}${path}`, {
    method: 'GET',
    headers: { Accept: 'application/json' },
    timeoutMs,
  });

/** Sends the headers of a full body and half of it, then drops the connection. */
const cutShort: Handler = (_req, res) => {
  const body = Buffer.from(JSON.stringify({ users: new Array(200).fill('x') }));
  res.writeHead(200, { 'content-length': String(body.length) });
  res.write(body.subarray(0, body.length / 2), () => res.destroy());
};

describe('httpRequest', () => {
  test('reads the body, undoing gzip, with the headers minus length and encoding', async () => {
    handler = (req, res) => {
      const body = zlib.gzipSync(
        JSON.stringify({
          accept: req.headers['accept-encoding'],
          agent: req.headers['user-agent'],
        }),
      );
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(body.length),
        'x-ratelimit-remaining': '9',
      });
      res.end(body);
    };
    const response = await request('/gzip');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({
      accept: 'gzip, deflate',
      agent: 'jupiterone-graph-auth0',
    });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
  });

  test('reuses one connection for consecutive requests', async () => {
    const ports = new Set<number | undefined>();
    handler = (req, res) => {
      ports.add(req.socket.remotePort);
      res.end('{}');
    };
    const before = connections;
    for (let i = 0; i < 5; i++) await request('/keep-alive');
    expect(ports.size).toBe(1);
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  // With a 60 s timeout, a client that did not notice the short read would
  // fail this test on Jest's 5 s limit instead of rejecting with a reset.
  test('a body cut short rejects at once with ECONNRESET, not at the timeout', async () => {
    handler = cutShort;
    await expect(request('/truncated')).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  test('no answer within the timeout rejects with ETIMEDOUT', async () => {
    handler = () => undefined; // never answers
    await expect(request('/hang', 200)).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: 'no response within 200 ms',
    });
  });

  test("the caller's abort signal cancels the request", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = httpRequest(`${base}/abort`, {
      method: 'GET',
      headers: {},
      signal: controller.signal,
      timeoutMs: 60_000,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('sends a string body with its length', async () => {
    handler = (req, res) => {
      let received = '';
      req.on('data', (chunk) => (received += chunk));
      req.on('end', () =>
        res.end(
          JSON.stringify({
            received,
            length: req.headers['content-length'],
          }),
        ),
      );
    };
    const response = await httpRequest(`${base}/post`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"grant_type":"client_credentials","ü":1}',
      timeoutMs: 60_000,
    });
    expect(JSON.parse(response.body.toString())).toEqual({
      received: '{"grant_type":"client_credentials","ü":1}',
      length: '42',
    });
  });
});

describe('redirects', () => {
  let other: http.Server;
  let otherBase = '';
  let otherSaw: http.IncomingHttpHeaders = {};

  beforeAll(async () => {
    other = http.createServer((req, res) => {
      otherSaw = req.headers;
      res.end('{"from":"storage"}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  });

  test('a GET follows a redirect within the origin, credentials kept', async () => {
    handler = (req, res) => {
      if (req.url === '/moved') {
        res.writeHead(301, { location: '/here' });
        res.end();
      } else {
        res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
      }
    };
    const response = await httpRequest(`${base}/moved`, {
      method: 'GET',
      headers: { Authorization: 'Bearer t' },
      timeoutMs: 60_000,
    });
    expect(JSON.parse(response.body.toString())).toEqual({ auth: 'Bearer t' });
  });

  test('credentials never follow a redirect to another origin', async () => {
    handler = (_req, res) => {
      res.writeHead(307, { location: `${otherBase}/file` });
      res.end();
    };
    const response = await httpRequest(`${base}/elsewhere`, {
      method: 'GET',
      headers: { Authorization: 'Bearer t', Accept: 'application/json' },
      timeoutMs: 60_000,
    });
    expect(JSON.parse(response.body.toString())).toEqual({ from: 'storage' });
    expect(otherSaw.authorization).toBeUndefined();
    expect(otherSaw.accept).toBe('application/json');
  });

  test('a POST is not redirected', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: `${otherBase}/file` });
      res.end();
    };
    const response = await httpRequest(`${base}/post-moved`, {
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 60_000,
    });
    expect(response.status).toBe(302);
  });

  test('a download follows storage redirects', async () => {
    handler = (_req, res) => {
      res.writeHead(307, { location: `${otherBase}/file` });
      res.end();
    };
    const download = httpStream(`${base}/download-moved`, 60_000);
    const response = await download.response;
    let body = '';
    for await (const chunk of response) body += chunk;
    expect(JSON.parse(body)).toEqual({ from: 'storage' });
  });
});

describe('httpStream', () => {
  test('a download cut short fails while it is being read', async () => {
    handler = cutShort;
    const download = httpStream(`${base}/download`, 60_000);
    const response = await download.response;
    const read = async () => {
      for await (const chunk of response) void chunk;
    };
    await expect(read()).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  test('a download that goes silent fails after the idle timeout', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial'); // then nothing more
    };
    const download = httpStream(`${base}/silent`, 200);
    const response = await download.response;
    const read = async () => {
      for await (const chunk of response) void chunk;
    };
    await expect(read()).rejects.toThrow();
  });

  test('a download cancelled after its response settles nothing twice', () => {
    // In a process of its own: Jest's `process` does not pass on
    // 'multipleResolves', which the SDK logs as an ERROR.
    const script = `
      const http = require('http');
      const { httpStream } = require(${JSON.stringify(require.resolve('./http'))});
      const settledTwice = [];
      process.on('multipleResolves', (type) => settledTwice.push(type));
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('partial');
      });
      server.listen(0, '127.0.0.1', async () => {
        const download = httpStream('http://127.0.0.1:' + server.address().port + '/', 60000);
        const response = await download.response;
        response.on('error', () => undefined);
        download.cancel(new Error('could not store a batch'));
        await new Promise((resolve) => setTimeout(resolve, 100));
        server.closeAllConnections();
        server.close();
        console.log(JSON.stringify({ settledTwice, destroyed: response.destroyed }));
      });
    `;
    const output = execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(JSON.parse(output)).toEqual({ settledTwice: [], destroyed: true });
  });
});
