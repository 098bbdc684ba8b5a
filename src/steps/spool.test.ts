import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { readSpool, removeSpool, Spool } from './spool';

test('a spool gives back every record written by concurrent writers, then is removed', async () => {
  const spool = await Spool.create<{ o: string; u: string }>('test');
  await Promise.all(
    ['a', 'b', 'c'].map(async (o) => {
      for (let i = 0; i < 5000; i++) await spool.write({ o, u: `user|${i}` });
    }),
  );
  await spool.close();
  expect(spool.count).toBe(15000);
  expect(fs.statSync(spool.file).mode & 0o777).toBe(0o600);
  const byList = new Map<string, Set<string>>();
  await readSpool<{ o: string; u: string }>(spool.file, async ({ o, u }) => {
    if (!byList.has(o)) byList.set(o, new Set());
    byList.get(o)!.add(u);
  });
  expect([...byList.keys()].sort()).toEqual(['a', 'b', 'c']);
  for (const users of byList.values()) expect(users.size).toBe(5000);
  await removeSpool(spool.file);
  expect(fs.existsSync(spool.file)).toBe(false);
});

test('removeSpool leaves alone anything that is not a spool', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-spool-'));
  const file = path.join(dir, 'x.jsonl');
  fs.writeFileSync(file, '{}\n');
  await removeSpool(file);
  await removeSpool('');
  await removeSpool(undefined);
  await removeSpool('relative.jsonl');
  expect(fs.existsSync(file)).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});
