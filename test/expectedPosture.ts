import * as fs from 'fs';
import * as path from 'path';

import { listJsonFiles } from '../scripts/graph';
import { Entities } from '../src/steps/constants';
import { postureTruth, SimulatedTenant } from './simulator';

export interface PostureCheck {
  /** property, collected value, expected value */
  rows: Array<[string, unknown, unknown]>;
  problems: string[];
}

/**
 * The account entity a collection wrote under `root` (`.j1-integration`)
 * against the tenant's posture ground truth, property by property. Empty for
 * a tenant generated without `posture`.
 */
export function checkAccountPosture(
  root: string,
  tenant: SimulatedTenant,
): PostureCheck {
  const truth = postureTruth(tenant);
  if (!truth) return { rows: [], problems: [] };
  const account = listJsonFiles(path.join(root, 'graph'))
    .flatMap(
      (file) =>
        (
          JSON.parse(fs.readFileSync(file, 'utf8')) as {
            entities?: Array<Record<string, unknown>>;
          }
        ).entities ?? [],
    )
    .find((entity) => entity._type === Entities.ACCOUNT._type);
  if (!account) return { rows: [], problems: ['no auth0_account collected'] };
  const rows = Object.entries(truth.account).map(
    ([property, expected]): [string, unknown, unknown] => [
      property,
      account[property],
      expected,
    ],
  );
  return {
    rows,
    problems: rows
      .filter(
        ([, got, expected]) => JSON.stringify(got) !== JSON.stringify(expected),
      )
      .map(
        ([property, got, expected]) =>
          `auth0_account.${property}: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
      ),
  };
}
