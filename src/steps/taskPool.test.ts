import { buildStepDependencyGraph } from '@jupiterone/integration-sdk-runtime';

import { Steps } from './constants';
import { integrationSteps } from './index';
import { forEachConcurrently, mapConcurrently, TaskPool } from './taskPool';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TaskPool', () => {
  test('keeps at most `limit` tasks in flight and runs every one', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await mapConcurrently(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight -= 1;
        done.push(i);
      },
      3,
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  test('a slow list does not hold back the others', async () => {
    const slow = deferred();
    const finished: string[] = [];
    const run = mapConcurrently(['slow', 'a', 'b', 'c'], async (name) => {
      if (name === 'slow') await slow.promise;
      finished.push(name);
    });
    await new Promise((r) => setImmediate(r));
    expect(finished).toEqual(['a', 'b', 'c']);
    slow.resolve();
    await run;
    expect(finished).toEqual(['a', 'b', 'c', 'slow']);
  });

  test('the first error is thrown after the running tasks settle, and no new task starts', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    await expect(
      mapConcurrently(
        [0, 1, 2, 3, 4, 5],
        async (i) => {
          started.push(i);
          await new Promise((r) => setImmediate(r));
          settled.push(i);
          if (i === 0) throw new Error('list 0 failed');
        },
        2,
      ),
    ).rejects.toThrow('list 0 failed');
    expect(started.length).toBeLessThan(6);
    expect(settled).toEqual(started);
  });

  test('a failing producer waits for the started tasks, then throws its own error', async () => {
    const settled: number[] = [];
    await expect(
      forEachConcurrently<number>(
        async (each) => {
          await each(1);
          await each(2);
          throw new Error('page 2 failed');
        },
        async (i) => {
          await new Promise((r) => setImmediate(r));
          settled.push(i);
        },
      ),
    ).rejects.toThrow('page 2 failed');
    expect(settled).toEqual([1, 2]);
  });

  test('drain with nothing added resolves', async () => {
    await expect(new TaskPool(2).drain()).resolves.toBeUndefined();
  });
});

describe('step layout', () => {
  const graph = buildStepDependencyGraph(integrationSteps);

  test.each([Steps.ORGANIZATION_MEMBER_LISTS, Steps.ROLE_MEMBER_LISTS])(
    '%s does not wait for the users step',
    (step) => {
      expect(graph.dependenciesOf(step)).not.toContain(Steps.USERS);
    },
  );

  test.each([
    [Steps.ORGANIZATION_MEMBERS, Steps.ORGANIZATION_MEMBER_LISTS],
    [Steps.USER_ROLES, Steps.ROLE_MEMBER_LISTS],
  ])('%s links after both the users and %s', (step, lists) => {
    expect(graph.dependenciesOf(step)).toEqual(
      expect.arrayContaining([Steps.USERS, lists]),
    );
  });
});
