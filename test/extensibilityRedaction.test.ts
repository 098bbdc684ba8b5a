/**
 * Recordings of the extensibility endpoints are redacted before they are
 * written: code and scripts, credentials, log-stream sinks (by allow-list),
 * action secret values and URLs that can carry keys. Checked on the
 * redaction itself and on every committed recording of these endpoints.
 */
import * as fs from 'fs';
import * as path from 'path';

import { listFiles } from '../scripts/graph';
import { redactSecrets } from './recording';

const SECRET = 'SECRET-7d0b';

test('redaction drops code, scripts, credentials and sink secrets, and keeps what the steps read', () => {
  const redacted = redactSecrets({
    actions: [
      {
        id: 'a1',
        name: 'n',
        code: SECRET,
        secrets: [{ name: 'K', updated_at: 'd', value: SECRET }],
        dependencies: [
          {
            name: 'p',
            version: '1',
            registry_url: `https://u:${SECRET}@npm.acme.com/x`,
          },
        ],
        deployed_version: { code: SECRET, number: 2 },
      },
    ],
    bindings: [{ id: 'b', action: { id: 'a1', code: SECRET } }],
    rules: [{ id: 'r', script: SECRET, enabled: true }],
    credentials: { api_key: SECRET },
    sink: {
      httpEndpoint: `https://logs.acme.com/in?token=${SECRET}`,
      httpAuthorization: SECRET,
      httpCustomHeaders: [{ header: 'X', value: SECRET }],
      datadogApiKey: SECRET,
      splunkToken: SECRET,
      segmentWriteKey: SECRET,
      sumoSourceAddress: SECRET,
      mixpanelServiceAccountPassword: SECRET,
      awsRegion: 'us-east-1',
    },
  }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(JSON.stringify(redacted)).not.toContain(SECRET);
  expect(redacted.actions[0]).toMatchObject({
    id: 'a1',
    secrets: [{ name: 'K', updated_at: 'd' }],
    dependencies: [{ name: 'p', registry_url: 'https://npm.acme.com/' }],
    deployed_version: { number: 2 },
  });
  expect(redacted.sink).toMatchObject({
    httpEndpoint: 'https://logs.acme.com/',
    awsRegion: 'us-east-1',
  });
});

test('committed recordings of the extensibility steps hold no code, script or credential', () => {
  const dirs = [
    'actions',
    'legacy-extensibility',
    'log-streams',
    'custom-domains',
    'email-provider',
    'extensibility-summary',
  ].map((d) => path.resolve(__dirname, '..', 'src', 'steps', d));
  const recordings = dirs.flatMap((dir) =>
    listFiles(dir).filter((f) => f.endsWith('recording.har')),
  );
  expect(recordings.length).toBeGreaterThanOrEqual(10);
  const leaks: string[] = [];
  for (const file of recordings) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of [
      /\\"(code|script|credentials|httpAuthorization|datadogApiKey|splunkToken|segmentWriteKey|sumoSourceAddress|mixpanelServiceAccountPassword|httpCustomHeaders|value)\\":\\"(?!\[REDACTED\])/,
      /API_KEY = |Bearer |token=|deploy:/,
    ]) {
      if (pattern.test(text))
        leaks.push(`${path.basename(path.dirname(file))}: ${pattern}`);
    }
  }
  expect(leaks).toEqual([]);
});
