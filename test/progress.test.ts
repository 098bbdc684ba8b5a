import {
  formatProgress,
  parseProgress,
  ProgressView,
} from '../scripts/progress';

/** The demo's live progress, fed with log output as the CLI prints it. */

const GREY = '\u001b[90m';
const RESET = '\u001b[39m';
const log = (message: string, fields = '') =>
  `${GREY}03:20:28.589Z${RESET} \u001b[32m INFO${RESET} Local: \u001b[36m${message}${RESET}${GREY}${fields}${RESET}\n`;

const FETCHING = log(
  'Fetching users: 1200 / 2650, 14 requests, 2 429s, 231.4 users/s, ~7 s left',
  ' (users=1200, expected=2650, requests=14, rateLimited=2)',
);
const FETCHED = log(
  'Fetched users: 2650 / 2650, 29 requests, 2 429s, 240.9 users/s in 11.0 s',
);

function sink(isTTY: boolean) {
  const written: string[] = [];
  return {
    isTTY,
    columns: 200,
    write: (text: string) => written.push(text),
    written,
  };
}

describe('parseProgress', () => {
  test('reads a progress line through colour codes', () => {
    expect(parseProgress(FETCHING)).toEqual({
      line: 'Fetching users: 1200 / 2650, 14 requests, 2 429s, 231.4 users/s, ~7 s left',
      final: false,
      what: 'users',
      count: 1200,
      expected: 2650,
      requests: 14,
      rateLimited: 2,
      perSecond: 231.4,
      seconds: undefined,
      secondsLeft: 7,
    });
    expect(parseProgress(FETCHED)).toMatchObject({
      final: true,
      count: 2650,
      seconds: 11,
    });
  });

  test('reads a count without a total, and ignores other lines', () => {
    expect(
      parseProgress('Fetching users: 300, 3 requests, 0 429s, 99.0 users/s'),
    ).toMatchObject({ count: 300, expected: undefined, perSecond: 99 });
    expect(parseProgress(log('Starting step "Fetch Users"...'))).toBe(
      undefined,
    );
  });

  test('formats users fetched / total and the rate', () => {
    expect(formatProgress(parseProgress(FETCHING)!)).toBe(
      'users 1200 / 2650 (45%), 231 users/s, 14 requests, 2 429s, ~7 s left',
    );
    expect(formatProgress(parseProgress(FETCHED)!)).toBe(
      'users 2650 / 2650 (100%), 241 users/s, 29 requests, 2 429s, done in 11.0 s',
    );
  });
});

describe('ProgressView', () => {
  test('not a terminal: prints each progress line once, plainly', () => {
    const out = sink(false);
    const view = new ProgressView(out);
    const all = log('Starting step "Fetch Users"...') + FETCHING + FETCHED;
    // split mid-line, as pipes deliver it
    view.feed(all.slice(0, 150));
    view.feed(all.slice(150, 260));
    view.feed(all.slice(260));
    view.end();
    expect(out.written).toEqual([
      'Fetching users: 1200 / 2650, 14 requests, 2 429s, 231.4 users/s, ~7 s left\n',
      'Fetched users: 2650 / 2650, 29 requests, 2 429s, 240.9 users/s in 11.0 s\n',
    ]);
  });

  test('a terminal: one line rewritten in place, ended with a newline', () => {
    const out = sink(true);
    const view = new ProgressView(out);
    view.feed(log('Starting step "Fetch Users"...'));
    view.feed(FETCHING);
    view.feed(FETCHED.slice(0, 40));
    view.feed(FETCHED.slice(40));
    view.end();
    const text = out.written.join('');
    expect(text).not.toContain('\n'.repeat(2));
    expect(text.split('\n')).toHaveLength(2); // one line, then the final newline
    expect(out.written.every((w) => w === '\n' || w.startsWith('\r'))).toBe(
      true,
    );
    const frames = out.written.filter((w) => w.startsWith('\r'));
    expect(frames.some((f) => f.includes('Fetch Users'))).toBe(true);
    expect(frames.some((f) => f.includes('users 1200 / 2650 (45%)'))).toBe(
      true,
    );
    expect(frames[frames.length - 1]).toContain(
      'users 2650 / 2650 (100%), 241 users/s, 29 requests, 2 429s, done in 11.0 s',
    );
    expect(out.written[out.written.length - 1]).toBe('\n');
  });

  test('a terminal: nothing to show, nothing but the status line', () => {
    const out = sink(true);
    const view = new ProgressView(out);
    view.feed('some unrelated output\n');
    view.end();
    const text = out.written.join('');
    expect(text.startsWith('\r\u001b[Kcollect ')).toBe(true);
    expect(text.slice('\r\u001b[K'.length)).toMatch(/^collect \d+ s\n$/);
  });
});
