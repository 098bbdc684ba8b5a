/**
 * Fault injection for the simulator: rules that make chosen requests fail the
 * way Auth0 and the network between us fail, so tests can prove that the
 * client survives transient faults and reports permanent ones clearly.
 */

export type FaultKind =
  /** an Auth0-shaped error body with `status` (429 carries x-ratelimit headers, remaining 0) */
  | 'status'
  /** the socket is destroyed without a response */
  | 'reset'
  /** no answer at all, until the simulator stops */
  | 'hang'
  /** the real response's headers (full content-length) and half its body, then the socket is destroyed */
  | 'truncate'
  /** 200 with an HTML page, as a proxy or maintenance page would answer */
  | 'nonjson'
  /** every issued token is revoked before the request is handled (401 Invalid token) */
  | 'revoke-token'
  /** every issued token expires before the request is handled (401 Expired token ...) */
  | 'expire-token';

export interface FaultRule {
  /** a route name as counted in stats.byRoute, e.g. 'GET /api/v2/users' or 'POST /oauth/token'; omitted = every /api/v2 route */
  route?: string;
  kind: FaultKind;
  /** for 'status': e.g. 500, 502, 503, 504, 429 */
  status?: number;
  /** apply to the next N matching requests (after `after`); default: all of them */
  times?: number;
  /** 0..1 chance per matching request, from a seeded PRNG so runs are repeatable; default 1 */
  probability?: number;
  /** skip the first N matching requests */
  after?: number;
}

interface RuleState {
  rule: FaultRule;
  /** matching requests seen */
  seen: number;
  /** faults injected */
  applied: number;
}

/** Same generator as the tenant's: small, fast and seedable. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRule(rule: FaultRule): void {
  const count = (name: 'times' | 'after') => {
    const value = rule[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(
        `FaultRule.${name} must be an integer >= 0, got ${value}`,
      );
    }
  };
  count('times');
  count('after');
  const { probability, status } = rule;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(
      `FaultRule.probability must be within 0..1, got ${probability}`,
    );
  }
  if (
    rule.kind === 'status' &&
    !(Number.isInteger(status) && status! >= 400 && status! <= 599)
  ) {
    throw new RangeError(
      `FaultRule.status must be an HTTP error status (400..599) for kind 'status', got ${status}`,
    );
  }
}

/**
 * Decides, request by request, which fault (if any) to inject. Rules are
 * tried in order and the first that fires wins; the rules after it do not
 * see that request.
 */
export class FaultInjector {
  private states: RuleState[] = [];
  private random: () => number = mulberry32(1);

  constructor(
    rules: FaultRule[] = [],
    private readonly seed = 1,
  ) {
    this.set(rules);
  }

  /** Replaces the rules; counters and the PRNG start over. */
  set(rules: FaultRule[]): void {
    rules.forEach(checkRule);
    this.states = rules.map((rule) => ({
      rule: { ...rule },
      seen: 0,
      applied: 0,
    }));
    this.random = mulberry32(this.seed);
  }

  next(routeName: string, isApiRoute: boolean): FaultRule | undefined {
    for (const state of this.states) {
      const { rule } = state;
      const matches =
        rule.route === undefined ? isApiRoute : rule.route === routeName;
      if (!matches) continue;
      state.seen += 1;
      if (state.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && state.applied >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) {
        continue;
      }
      state.applied += 1;
      return rule;
    }
    return undefined;
  }
}
