import * as fs from 'fs';
import * as path from 'path';

import { listFiles } from '../scripts/graph';
import { RECORDING_CANARY } from './recording';

/**
 * Every committed recording was made against a tenant that plants the canary
 * in each secret-bearing field (client secrets, signing secrets, metadata,
 * identity-provider tokens): none may hold it.
 */
test('no recording holds a planted secret', () => {
  const recordings = listFiles(path.resolve(__dirname, '..', 'src')).filter(
    (file) => file.endsWith(`${path.sep}recording.har`),
  );
  expect(recordings.length).toBeGreaterThanOrEqual(10);
  const leaking = recordings.filter((file) =>
    fs.readFileSync(file, 'utf8').includes(RECORDING_CANARY),
  );
  expect(leaking).toEqual([]);
});
