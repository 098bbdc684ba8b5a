import type {
  SimulatedTenant,
  SimulatorStats,
  TenantSpec,
} from '../test/simulator';

/**
 * The bench's scenarios and the critical-path lower bound of a collection:
 * no integration on SDK 8.41 reading the same tenant through the same
 * simulator can finish its steps faster than
 *
 *   max(rate bound, chain bound) + storing floor
 *
 * - **rate bound**: the rate-limited requests beyond the bucket's burst,
 *   divided by the refill rate (a run starts with a full bucket);
 * - **chain bound**: the longest chain of requests that must be sequential
 *   (each checkpoint page needs the previous page's `next`; a list needs its
 *   parent list), times the latency; the users export chain includes the
 *   job's processing time;
 * - **storing floor**: what the SDK alone needs to convert and store the
 *   users (`scripts/sdk-floor.ts`, measured), plus every other entity and
 *   relationship written at the floor's store cost per object.
 *
 * The bound leaves out `collect`'s own start-up (loading the SDK, the CLI
 * and TypeScript) and the account step's request: the reported wall time
 * includes them, so the ratio is harsher than the steps alone.
 */

const SCENARIOS = ['default', 'b2b', 'many-orgs'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Members of each of the B2B tenant's 5 organizations: 15,000 memberships, one organization with 8,000. */
export const B2B_ORGANIZATION_MEMBERS = [8000, 3000, 2000, 1200, 800];

/** Direct members of each of the B2B tenant's 20 roles: 5,000 assignments, one role past 1,000. */
export const B2B_ROLE_MEMBERS = [
  1500, 800, 600, 400, 300, 250, 200, 180, 150, 120, 100, 90, 80, 70, 50, 40,
  30, 20, 20, 0,
];

/**
 * The many-organizations tenant: 100 organizations of 150 members each
 * (15,000 memberships, two pages a list), where no one list is the
 * critical chain and the time goes to how many lists are read at once.
 */
export const MANY_ORGANIZATIONS_MEMBERS: number[] = new Array(100).fill(150);

export function scenarioSpec(
  scenario: Scenario,
  users: number,
  bulkImport: number,
): TenantSpec {
  const base: TenantSpec = {
    seed: 99,
    users: users - bulkImport,
    clients: 40,
    bulkImport,
  };
  if (scenario === 'default') return base;
  if (scenario === 'many-orgs') {
    return {
      ...base,
      identity: { organizationMembers: MANY_ORGANIZATIONS_MEMBERS },
    };
  }
  return {
    ...base,
    identity: {
      organizationMembers: B2B_ORGANIZATION_MEMBERS,
      roleMembers: B2B_ROLE_MEMBERS,
    },
  };
}

export function parseScenario(argv: string[]): Scenario {
  const index = argv.indexOf('--scenario');
  if (index < 0) return 'default';
  const value = argv[index + 1];
  const scenario = SCENARIOS.find((name) => name === value);
  if (!scenario) {
    throw new Error(
      `--scenario must be one of ${SCENARIOS.join(', ')}, got ${value}`,
    );
  }
  return scenario;
}

const PAGE = 100;

/** Requests of one paged list: at least one, even when empty. */
function pages(items: number): number {
  return Math.max(1, Math.ceil(items / PAGE));
}

export interface Chain {
  name: string;
  requests: number;
  /** waiting that is not a request (the export job's processing) */
  extraMs: number;
}

/**
 * The sequential request chains of a collection of `tenant`, each starting
 * with the token request. `usersByExport`: users come from an export job
 * (count, create, poll, download, then a search for users created since);
 * otherwise they are searched, whose windows can be read side by side, so
 * the users contribute only to the rate bound.
 */
export function requestChains(
  tenant: SimulatedTenant,
  usersByExport: boolean,
  exportProcessingMs: number,
): Chain[] {
  const chains: Chain[] = [];
  if (usersByExport) {
    chains.push({
      name: 'users export',
      requests: 6,
      extraMs: exportProcessingMs,
    });
  }
  const organizations = tenant.organizations ?? [];
  if (organizations.length) {
    chains.push({
      name: 'organization members',
      requests:
        1 +
        pages(organizations.length) +
        Math.max(...organizations.map((o) => pages(o.members.length))),
      extraMs: 0,
    });
  }
  const roles = tenant.roles ?? [];
  if (roles.length) {
    chains.push({
      name: 'role members',
      requests:
        1 +
        pages(roles.length) +
        Math.max(...roles.map((r) => pages(r.members.length))),
      extraMs: 0,
    });
  }
  return chains;
}

/** Rate-limited requests a run made that were answered (429s excluded): token and downloads have their own limits. */
export function rateLimitedRequests(stats: SimulatorStats): number {
  let api = 0;
  for (const [route, count] of Object.entries(stats.byRoute)) {
    if (route === 'POST /oauth/token' || route === 'GET /exports/:id') continue;
    api += count;
  }
  return api - stats.rateLimited;
}

export interface StoringFloor {
  users: number;
  convertSeconds: number;
  storeSeconds: number;
}

export interface Bound {
  rateSeconds: number;
  chainSeconds: number;
  chainName: string;
  floorSeconds: number;
  totalSeconds: number;
}

/**
 * The critical-path lower bound. `objects`: every entity and relationship
 * the run wrote; the users and their account relationships are in the
 * measured floor, the rest are costed at its store time per object.
 */
export function criticalPathBound(input: {
  apiRequests: number;
  rate: number;
  burst: number;
  latencyMs: number;
  chains: Chain[];
  objects: number;
  floor?: StoringFloor;
}): Bound {
  const rateSeconds = Math.max(0, input.apiRequests - input.burst) / input.rate;
  let chainSeconds = 0;
  let chainName = '-';
  for (const chain of input.chains) {
    const seconds = (chain.requests * input.latencyMs + chain.extraMs) / 1000;
    if (seconds > chainSeconds) {
      chainSeconds = seconds;
      chainName = chain.name;
    }
  }
  let floorSeconds = 0;
  if (input.floor && input.floor.users > 0) {
    const { users, convertSeconds, storeSeconds } = input.floor;
    const perObject = storeSeconds / (2 * users);
    floorSeconds =
      convertSeconds +
      storeSeconds +
      Math.max(0, input.objects - 2 * users) * perObject;
  }
  return {
    rateSeconds,
    chainSeconds,
    chainName,
    floorSeconds,
    totalSeconds: Math.max(rateSeconds, chainSeconds) + floorSeconds,
  };
}

/**
 * Seconds from the first step's start to the last step's end, read from the
 * timestamps `collect` logs: the run without the CLI's start-up (loading the
 * SDK and compiling TypeScript, which a compiled package does not pay) and
 * its final summary. NaN when the log does not show them.
 */
export function stepsSpanSeconds(output: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const at = (line: string) => {
    const match = /^(\d\d):(\d\d):(\d\d\.\d{3})Z/.exec(line);
    return match
      ? (Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])
      : NaN;
  };
  const lines = plain.split('\n');
  const first = lines.find((l) => / Starting step "/.test(l));
  const last = [...lines].reverse().find((l) => / Completed step "/.test(l));
  if (!first || !last) return NaN;
  const span = at(last) - at(first);
  return span < 0 ? span + 24 * 3600 : span;
}
