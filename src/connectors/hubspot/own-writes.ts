// Leaving our own writes out of the incremental search, without losing anyone else's edit.
//
// Every company write carries the run's token in `crm_pulse_write_run`. When a run has written,
// it reads every company it tried to write again (a batch read, not the lagging search index)
// after `until`, HubSpot's stamp of its last write, and hands on any whose mapped values are not
// the ones it scored from (sync/fence-own-writes.ts). Only then is the fence added here. A company
// modified at or before `until` whose stamp is still this run's token was either written by the
// run and left alone since, or edited after our write and before `until`, so before that read,
// which saw the edit: the search can leave it out. An edit after `until` moves
// `hs_lastmodifieddate` past it, and one to a company the run did not write leaves another stamp
// (or none): both are searched as before. No filter compares two properties, so each fence is
// one filter group (`hs_lastmodifieddate` within the fence's range, stamp not its token); one
// more group takes the companies with no stamp at all, whatever NEQ does with an empty value,
// and one the range after the last fence: at most 5 groups, so 3 fences. A fence dropped (a 4th
// before the cursor passed the 1st) only costs a re-read of that run's companies.
import type { OwnWriteFence } from '../connector.ts';
import type { SearchFilter } from './search.ts';
import { WRITE_RUN_PROPERTY } from './pulse-properties.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';

export const MAX_FENCES = 3;

/** The fences still ahead of the cursor, newest `MAX_FENCES`, by `until`. */
export function liveFences(fences: readonly OwnWriteFence[], since: number): OwnWriteFence[] {
  return [...fences].filter((f) => f.until >= since).sort((a, b) => a.until - b.until).slice(-MAX_FENCES);
}

/** The search's filter groups (ORed; the cursor's lower bound is added to each): none without fences. */
export function fencedGroups(fences: readonly OwnWriteFence[]): SearchFilter[][] {
  if (fences.length === 0) return [];
  const groups: SearchFilter[][] = fences.map((f, i) => [
    ...(i > 0 ? [{ propertyName: LAST_MODIFIED, operator: 'GT' as const, value: String(fences[i - 1]!.until) }] : []),
    { propertyName: LAST_MODIFIED, operator: 'LTE', value: String(f.until) },
    { propertyName: WRITE_RUN_PROPERTY, operator: 'NEQ', value: f.token },
  ]);
  const last = fences[fences.length - 1]!.until;
  groups.push([
    { propertyName: LAST_MODIFIED, operator: 'LTE', value: String(last) },
    { propertyName: WRITE_RUN_PROPERTY, operator: 'NOT_HAS_PROPERTY' },
  ]);
  groups.push([{ propertyName: LAST_MODIFIED, operator: 'GT', value: String(last) }]);
  return groups;
}
