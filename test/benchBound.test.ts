import {
  B2B_ORGANIZATION_MEMBERS,
  B2B_ROLE_MEMBERS,
  criticalPathBound,
  rateLimitedRequests,
  requestChains,
  scenarioSpec,
  stepsSpanSeconds,
} from '../scripts/benchBound';
import { generateTenant, identityTruth } from './simulator';

describe('the bench B2B tenant and its critical-path bound', () => {
  const tenant = generateTenant(scenarioSpec('b2b', 2_000, 0));

  test("the B2B scenario holds the issue's sizes: 15,000 memberships (one organization with 8,000), 5,000 role assignments", () => {
    expect(B2B_ORGANIZATION_MEMBERS).toHaveLength(5);
    expect(B2B_ORGANIZATION_MEMBERS.reduce((a, b) => a + b)).toBe(15_000);
    expect(Math.max(...B2B_ORGANIZATION_MEMBERS)).toBe(8_000);
    expect(B2B_ROLE_MEMBERS).toHaveLength(20);
    expect(B2B_ROLE_MEMBERS.reduce((a, b) => a + b)).toBe(5_000);
    const full = scenarioSpec('b2b', 20_000, 0);
    expect(full.users).toBe(20_000);
    expect(scenarioSpec('default', 10_000, 500)).toEqual({
      seed: 99,
      users: 9_500,
      clients: 40,
      bulkImport: 500,
    });
  });

  test('chains: token, parent list, then the longest member list page by page', () => {
    // Capped at 2,000 users here: the big organization lists 2,000 plus one deleted user.
    expect(tenant.organizations![0].members).toHaveLength(2_001);
    const chains = requestChains(tenant, true, 400);
    expect(chains).toEqual([
      { name: 'users export', requests: 6, extraMs: 400 },
      { name: 'organization members', requests: 1 + 1 + 21, extraMs: 0 },
      { name: 'role members', requests: 1 + 1 + 15, extraMs: 0 },
    ]);
    expect(identityTruth(tenant).roleAssignments).toBeGreaterThan(0);
  });

  test('the bound is the larger of the rate and chain bounds plus the storing floor', () => {
    const chains = requestChains(tenant, true, 400);
    const floor = { users: 2_000, convertSeconds: 0.1, storeSeconds: 0.2 };
    // 265 requests at 10 req/s with a burst of 10: the rate bound dominates.
    const slow = criticalPathBound({
      apiRequests: 265,
      rate: 10,
      burst: 10,
      latencyMs: 100,
      chains,
      objects: 4_000 + 1_000,
      floor,
    });
    expect(slow.rateSeconds).toBeCloseTo(25.5);
    expect(slow.chainSeconds).toBeCloseTo(2.3);
    expect(slow.chainName).toBe('organization members');
    // The users and their account relationships are in the floor; 1,000 more objects at 50 us each.
    expect(slow.floorSeconds).toBeCloseTo(0.3 + 1_000 * (0.2 / 4_000));
    expect(slow.totalSeconds).toBeCloseTo(25.5 + slow.floorSeconds);
    const fast = criticalPathBound({
      apiRequests: 265,
      rate: 500,
      burst: 500,
      latencyMs: 100,
      chains,
      objects: 0,
    });
    expect(fast.rateSeconds).toBe(0);
    expect(fast.floorSeconds).toBe(0);
    expect(fast.totalSeconds).toBeCloseTo(2.3);
  });

  test('rate-limited requests leave out the token, downloads and 429s', () => {
    expect(
      rateLimitedRequests({
        requests: 20,
        rateLimited: 2,
        tokensIssued: 1,
        faults: 0,
        byRoute: {
          'POST /oauth/token': 1,
          'GET /exports/:id': 1,
          'GET /api/v2/users': 10,
          'GET /api/v2/organizations/:id/members': 8,
        },
      }),
    ).toBe(16);
  });

  test('the steps span is read from the log, colours and midnight included', () => {
    const log = [
      '\u001b[90m23:59:58.500Z\u001b[39m INFO Local: Starting step "Fetch Account"...',
      '\u001b[90m23:59:59.000Z\u001b[39m INFO Local: Starting step "Fetch Users"...',
      '00:00:02.250Z INFO Local: Completed step "Fetch Users".',
      '00:00:03.000Z INFO Local: Completed step "Build Organization Members".',
      'Step "fetch-users" completed with status: success',
    ].join('\n');
    expect(stepsSpanSeconds(log)).toBeCloseTo(4.5);
    expect(stepsSpanSeconds('no steps')).toBeNaN();
  });
});
