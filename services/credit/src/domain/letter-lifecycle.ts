import { RuleViolation } from '@consorcio/shared/errors';

/** A credit letter's life (domain §9.2). */
export type LetterStatus =
  | 'ISSUED'
  | 'UNDER_ANALYSIS'
  | 'APPROVED'
  | 'RELEASE_PENDING'
  | 'PARTIALLY_RELEASED'
  | 'RELEASED'
  | 'CANCELLED'
  | 'CLOSED';

export const LETTER_STATUSES: readonly LetterStatus[] = [
  'ISSUED',
  'UNDER_ANALYSIS',
  'APPROVED',
  'RELEASE_PENDING',
  'PARTIALLY_RELEASED',
  'RELEASED',
  'CANCELLED',
  'CLOSED',
];

/** What moves a letter. */
export type LetterTrigger =
  | 'request_usage'
  | 'approve'
  | 'reject'
  | 'register_guarantee'
  | 'release_part'
  | 'release_rest'
  | 'cash_out'
  | 'cancel'
  | 'settle_leftover';

/** The transitions of §9.2: trigger → the statuses it is allowed from → where it leads. */
const TABLE: Readonly<Record<LetterTrigger, { from: readonly LetterStatus[]; to: LetterStatus }>> = {
  request_usage: { from: ['ISSUED'], to: 'UNDER_ANALYSIS' },
  approve: { from: ['UNDER_ANALYSIS'], to: 'APPROVED' },
  reject: { from: ['UNDER_ANALYSIS'], to: 'ISSUED' },
  register_guarantee: { from: ['APPROVED'], to: 'RELEASE_PENDING' },
  // A construction tranche: the letter keeps a balance.
  release_part: { from: ['RELEASE_PENDING', 'PARTIALLY_RELEASED'], to: 'PARTIALLY_RELEASED' },
  // The release that leaves nothing to pay.
  release_rest: { from: ['RELEASE_PENDING', 'PARTIALLY_RELEASED'], to: 'RELEASED' },
  cash_out: { from: ['ISSUED'], to: 'RELEASED' },
  cancel: { from: ['ISSUED', 'UNDER_ANALYSIS'], to: 'CANCELLED' },
  settle_leftover: { from: ['RELEASED'], to: 'CLOSED' },
};

const ACTS: Readonly<Record<LetterTrigger, string>> = {
  request_usage: 'request its usage',
  approve: 'be approved',
  reject: 'be rejected',
  register_guarantee: 'register a guarantee',
  release_part: 'release a tranche',
  release_rest: 'release the rest of its credit',
  cash_out: 'be cashed out',
  cancel: 'be cancelled',
  settle_leftover: 'settle its leftover',
};

/**
 * The status a trigger leads to from `status` (§9.2).
 * @throws RuleViolation `letter_<status>` naming the current status when the trigger is not allowed from it.
 */
export function nextLetterStatus(status: LetterStatus, trigger: LetterTrigger): LetterStatus {
  const rule = TABLE[trigger];
  if (!rule.from.includes(status))
    throw new RuleViolation(
      `letter_${status.toLowerCase()}`,
      `the letter is ${status}: it cannot ${ACTS[trigger]} (allowed from ${rule.from.join(', ')})`,
    );
  return rule.to;
}

/** Every (from, trigger) pair the table allows: the legal transitions, for tests and documentation. */
export function legalTransitions(): { from: LetterStatus; trigger: LetterTrigger; to: LetterStatus }[] {
  return (Object.keys(TABLE) as LetterTrigger[]).flatMap((trigger) =>
    TABLE[trigger].from.map((from) => ({ from, trigger, to: TABLE[trigger].to })),
  );
}
