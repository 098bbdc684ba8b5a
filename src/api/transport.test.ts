import * as http from 'http';
import { AddressInfo } from 'net';

import { RateLimiter } from './rateLimiter';
import { ATTEMPTS_HEADER, createTransport } from './transport';

let server: http.Server;
let base = '';
let answers: Array<(res: http.ServerResponse) => void> = [];

beforeAll(async () => {
  // Echoes what it received as JSON, unless a test queued other answers.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answer = answers.shift();
      if (answer) return answer(res);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          method: req.method,
          contentType: req.headers['content-type'] ?? null,
          authorization: req.headers.authorization ?? null,
          body,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transport = () =>
  createTransport({ limiter: new RateLimiter(), baseBackoffMs: 1 });

describe('transport fetch', () => {
  test('sends headers and a string body as given, and hands back the JSON answer', async () => {
    const response = await transport().fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer t',
      },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe('1');
    expect(await response.json()).toEqual({
      method: 'POST',
      contentType: 'application/json',
      authorization: 'Bearer t',
      body: '{"grant_type":"client_credentials"}',
    });
  });

  test('form and byte bodies are sent as fetch would send them', async () => {
    const form = await transport().fetch(`${base}/form`, {
      method: 'POST',
      body: new URLSearchParams({ audience: 'https://x/api/v2/' }),
    });
    expect(JSON.parse(await form.text())).toMatchObject({
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'audience=https%3A%2F%2Fx%2Fapi%2Fv2%2F',
    });
    const bytes = await transport().fetch(`${base}/bytes`, {
      method: 'PUT',
      body: new TextEncoder().encode('{"ü":1}'),
    });
    expect(JSON.parse(await bytes.text())).toMatchObject({ body: '{"ü":1}' });
  });

  test('a 200 that is not JSON is retried, and the next answer is used', async () => {
    answers = [
      (res) => res.end('<html>maintenance</html>'),
      (res) => res.end('{"ok":true}'),
    ];
    const response = await transport().fetch(`${base}/api/v2/clients`);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe('2');
  });

  test('a body cut short is retried', async () => {
    answers = [
      (res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":', () => res.destroy());
      },
      (res) => res.end('[]'),
    ];
    const response = await transport().fetch(`${base}/api/v2/users`);
    expect(await response.json()).toEqual([]);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe('2');
  });
});
