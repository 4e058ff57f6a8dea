import { addDays, addYears } from '@consorcio/shared/clock';

/**
 * How long a document is kept (LGPD art. 16 I: kept while a legal duty requires it). Res. BCB 285 has the
 * administradora keep a group's records — contracts, minutes, the documents of a credit analysis — for 5 years after
 * the group closes; so does the 5-year prescription of Law 11.795 art. 31. Hence:
 *  - a document kept for a group (its contract, its minutes, a member's upload naming the group): until the group's
 *    closing date + `yearsAfterClosing`; no date while the group is open;
 *  - a member's upload that names no group: `unboundDays` after its upload — and the purge job also keeps it while
 *    the member holds a record in any group still under retention (see `purge.ts`).
 */
export interface RetentionPolicy {
  yearsAfterClosing: number;
  unboundDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { yearsAfterClosing: 5, unboundDays: 365 };

/** The day a group's documents may be purged from, once it closed. */
export function groupRetainUntil(closedOn: string, policy: RetentionPolicy): string {
  return addYears(closedOn, policy.yearsAfterClosing);
}

/**
 * A new document's `retain_until`: for a group's document, its closing + the years (null while the group is open);
 * for a member's document without a group, its upload day + the days.
 */
export function retainUntilAt(
  created: string,
  group: { closedOn: string | null } | undefined,
  policy: RetentionPolicy,
): string | null {
  if (group) return group.closedOn ? groupRetainUntil(group.closedOn, policy) : null;
  return addDays(created, policy.unboundDays);
}
