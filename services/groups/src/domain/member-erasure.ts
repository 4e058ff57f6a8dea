import { addYears } from '@consorcio/shared/clock';
import { RuleViolation } from '@consorcio/shared/errors';
import type { GroupStatus } from './types';

/**
 * When a member's personal data may be erased at their request (LGPD art. 18 VI) and when the law requires keeping
 * it (art. 16 I: a legal obligation; art. 7 V: a contract in force). The consórcio contract lasts until the group is
 * closed, and the administrator must keep the records 5 years after it (Lei 11.795 arts. 31–32, the 5-year
 * prescription; Res. BCB 285: documents kept 5 years after closing). Pure.
 */

/** Years the data is kept after the group of a member's record ended (closed or cancelled). */
export const RETENTION_YEARS = 5;

/** One quota record the member holds, with its group's status and the date the group ended (closed or cancelled). */
export interface HeldRecord {
  readonly quotaDisplay: string;
  readonly groupStatus: GroupStatus;
  readonly groupEndedOn: string | null;
}

const ENDED: readonly GroupStatus[] = ['CLOSED', 'CANCELLED'];

/** What holds a member's data: a group still running, or the date the last retention ends (null: nothing). */
export type Retention = { running: HeldRecord } | { until: string | null };

/** The retention of a member's data from the records they hold. */
export function retentionOf(records: readonly HeldRecord[]): Retention {
  let until: string | null = null;
  for (const r of records) {
    if (!ENDED.includes(r.groupStatus) || r.groupEndedOn === null) return { running: r };
    const end = addYears(r.groupEndedOn, RETENTION_YEARS);
    if (until === null || end > until) until = end;
  }
  return { until };
}

/**
 * Refuses an erasure the law does not allow yet.
 * @throws RuleViolation `legal_retention` naming the record that holds the data, or until when it is kept.
 */
export function assertErasable(records: readonly HeldRecord[], today: string): void {
  const r = retentionOf(records);
  if ('running' in r) {
    throw new RuleViolation(
      'legal_retention',
      `quota ${r.running.quotaDisplay} is in a group that has not ended (${r.running.groupStatus}); the data is ` +
        `kept until ${RETENTION_YEARS} years after the group is closed`,
    );
  }
  if (r.until !== null && today < r.until) {
    throw new RuleViolation('legal_retention', `the data of this member's quotas is kept until ${r.until}`);
  }
}
