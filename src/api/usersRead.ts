import { UserExportResult } from './userExport';
import { UserSearchResult } from './userSearch';

/**
 * What reading the users proved. "Complete" means every user the tenant
 * holds was read: the export job's file was read to its end, and every
 * search window's exact total was matched by the users its pages returned.
 */
export interface UsersRead {
  /** what ran: the export job (and a search for users created since), or paged search alone */
  strategy: 'export' | 'paged';
  /** distinct users read */
  collected: number;
  /** the users the tenant holds, as proven; undefined when no count could be proven */
  expected?: number;
  complete: boolean;
  /** how the count was proven, in words for the log */
  proof: string;
}

export function summarizeUsersRead(
  exported: UserExportResult | null,
  searched: UserSearchResult,
  collected: number,
): UsersRead {
  const complete = searched.missing === 0 && searched.uncounted === 0;
  const expected =
    searched.uncounted === 0 ? collected + searched.missing : undefined;
  const proof = exported
    ? `the export job's file held ${exported.emitted} users and exact search windows count ${searched.counted} created since its snapshot`
    : `exact search windows (each below Auth0's 1,000-result cap) count ${searched.counted} users`;
  const gaps = [
    searched.missing > 0
      ? `${searched.missing} users that windows counted were not returned by their pages, even when read again`
      : '',
    searched.uncounted > 0
      ? `${searched.uncounted} bulk imports hold over 1,000 users created in one millisecond that no user_id prefix tells apart`
      : '',
  ].filter(Boolean);
  return {
    strategy: exported ? 'export' : 'paged',
    collected,
    expected,
    complete,
    proof: gaps.length ? `${proof}; but ${gaps.join('; ')}` : proof,
  };
}

/** When the export job snapshotted the tenant (epoch ms); later users need a search. */
export function snapshotTime(exported: UserExportResult): number | undefined {
  const time = exported.snapshotAt ? Date.parse(exported.snapshotAt) : NaN;
  return Number.isNaN(time) ? undefined : time;
}
