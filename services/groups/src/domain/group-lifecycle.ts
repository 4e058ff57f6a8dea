import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { addDays, daysBetween, isValidDate } from '@consorcio/shared/clock';
import type { GroupParams, GroupState, GroupStatus } from './types';

/**
 * The group state machine (domain.md §2.4). Every function is pure: it returns a new GroupState or throws a
 * RuleViolation whose detail names the current status. Dates are `YYYY-MM-DD` handed in by the caller.
 */

/** Closing may happen at most this many days after the last assembly (Law art. 31). */
export const CLOSING_DEADLINE_DAYS = 120;
/** Closing may happen only this many days after the closing notices were sent (Law art. 32). */
export const CLOSING_NOTICE_DAYS = 30;

function requireStatus(g: GroupState, expected: GroupStatus, rule: string, act: string): void {
  if (g.status !== expected) throw new RuleViolation(rule, `group is ${g.status}; only a ${expected} group can ${act}`);
}

/** Dates typed by an operator (held_on, voted_on, sent_on) are user input, so a bad one is a ValidationError. */
function requireDate(field: string, value: string): void {
  if (typeof value !== 'string' || !isValidDate(value)) throw new ValidationError(field, 'must be a date YYYY-MM-DD');
}

/** A new group in DRAFT, its credit value in force being C_1. */
export function createGroupState(params: GroupParams): GroupState {
  return {
    status: 'DRAFT',
    params,
    creditValueNow: params.creditValue,
    assembliesHeld: 0,
    publishedOn: null,
    formationDeadline: null,
    constitutedOn: null,
    lastAssemblyOn: null,
    closingNoticesSentOn: null,
    closedOn: null,
    dissolved: false,
  };
}

/** DRAFT → FORMING: sales open and the formation deadline (today + formationDeadlineDays) starts to run. */
export function publishGroup(g: GroupState, today: string): GroupState {
  requireStatus(g, 'DRAFT', 'group_not_draft', 'be published');
  return {
    ...g,
    status: 'FORMING',
    publishedOn: today,
    formationDeadline: addDays(today, g.params.formationDeadlineDays),
  };
}

/** True when a FORMING group has passed its formation deadline without being constituted (it should be cancelled). */
export function formationExpired(g: GroupState, today: string): boolean {
  return g.status === 'FORMING' && g.formationDeadline !== null && daysBetween(g.formationDeadline, today) > 0;
}

/**
 * FORMING → ACTIVE at assembly 1 (which counts as held), when `commonFund + reserveFund ≥ drawsPerAssembly × C_1` (domain.md §2.3).
 * Decision: a group past its formation deadline is refused too (rule `formation_expired`): D-05 says such a group
 * is cancelled and refunded, and constituting it instead would race the cancellation timer.
 */
export function constituteGroup(
  g: GroupState,
  input: { today: string; commonFund: bigint; reserveFund: bigint },
): GroupState {
  requireStatus(g, 'FORMING', 'group_not_forming', 'be constituted');
  ValidationError.throwIfAny([
    ...(input.commonFund < 0n ? [{ field: 'common_fund_centavos', rule: 'must not be negative' }] : []),
    ...(input.reserveFund < 0n ? [{ field: 'reserve_fund_centavos', rule: 'must not be negative' }] : []),
  ]);
  if (formationExpired(g, input.today))
    throw new RuleViolation(
      'formation_expired',
      `group is FORMING but its formation deadline ${g.formationDeadline} has passed; it must be cancelled`,
    );
  const needed = BigInt(g.params.drawsPerAssembly) * g.params.creditValue;
  const have = input.commonFund + input.reserveFund;
  if (have < needed)
    throw new RuleViolation(
      'constitution_funds',
      `group is FORMING; funds ${have} centavos cover less than ${g.params.drawsPerAssembly} draw(s) of ` +
        `${g.params.creditValue} centavos: ${needed - have} centavos missing`,
    );
  // The constitution is reported by assembly 1 itself: it has been held (G-08), so a record sold from now on pays
  // T − 1 installments from period 2.
  return { ...g, status: 'ACTIVE', constitutedOn: input.today, assembliesHeld: 1 };
}

/**
 * FORMING → CANCELLED (formation deadline passed, or the administrator gives up). Payments refunds everything.
 * `closedOn` records the end of the group's life, so a cancelled group has one date to show too.
 */
export function cancelGroup(g: GroupState, input: { today: string }): GroupState {
  requireStatus(g, 'FORMING', 'group_not_forming', 'be cancelled');
  return { ...g, status: 'CANCELLED', closedOn: input.today };
}

/** ACTIVE → WINDING_UP: assembly T was held on `heldOn`; the 120-day closing deadline starts. */
export function recordLastAssembly(g: GroupState, input: { heldOn: string }): GroupState {
  requireStatus(g, 'ACTIVE', 'group_not_active', 'record its last assembly');
  requireDate('held_on', input.heldOn);
  return { ...g, status: 'WINDING_UP', lastAssemblyOn: input.heldOn };
}

/**
 * An assembly's result was published (draws): the group has held it. The count only grows (a redelivered or late
 * result of an earlier period changes nothing), and the result of period T is the last assembly: ACTIVE →
 * WINDING_UP with `lastAssemblyOn` (§14). Outside ACTIVE nothing changes.
 */
export function recordAssemblyHeld(g: GroupState, input: { period: number; heldOn: string }): GroupState {
  if (g.status !== 'ACTIVE' || input.period <= g.assembliesHeld) return g;
  const held = { ...g, assembliesHeld: input.period };
  return input.period >= g.params.termMonths ? recordLastAssembly(held, { heldOn: input.heldOn }) : held;
}

/**
 * ACTIVE → WINDING_UP with `dissolved`: an extraordinary assembly voted the dissolution on `votedOn`.
 * Decision: that AGE becomes the group's last assembly (`lastAssemblyOn = votedOn`), because no ordinary assembly
 * follows it and the Law's closing clock (notices, 120 days) must start from some assembly; GroupState has no
 * separate dissolution date.
 */
export function dissolveGroup(g: GroupState, input: { votedOn: string }): GroupState {
  requireStatus(g, 'ACTIVE', 'group_not_active', 'be dissolved');
  requireDate('voted_on', input.votedOn);
  return { ...g, status: 'WINDING_UP', dissolved: true, lastAssemblyOn: input.votedOn };
}

/**
 * Records the date the closing notices (unused credit, refunds available) were sent; WINDING_UP only, and not
 * before the last assembly (or the dissolution vote). Recording the same date again is a no-op, so a retried
 * command is harmless; a different date is refused (`closing_notices_already_recorded`) because it would move the
 * start of the members' 30-day period after the fact.
 */
export function recordClosingNotices(g: GroupState, input: { sentOn: string }): GroupState {
  requireStatus(g, 'WINDING_UP', 'group_not_winding_up', 'record closing notices');
  requireDate('sent_on', input.sentOn);
  if (g.closingNoticesSentOn !== null) {
    if (g.closingNoticesSentOn === input.sentOn) return g;
    throw new RuleViolation(
      'closing_notices_already_recorded',
      `group is WINDING_UP and its closing notices were already recorded as sent on ${g.closingNoticesSentOn}`,
    );
  }
  const last = g.lastAssemblyOn;
  if (last !== null && daysBetween(last, input.sentOn) < 0)
    throw new RuleViolation(
      'closing_notices_before_last_assembly',
      `group is WINDING_UP; notices sent on ${input.sentOn} precede its last assembly on ${last}`,
    );
  return { ...g, closingNoticesSentOn: input.sentOn };
}

/**
 * WINDING_UP → CLOSED: needs the closing notices recorded, at least 30 days since them, and at most 120 days
 * since the last assembly (Law arts. 31–32).
 */
export function closeGroup(g: GroupState, input: { today: string }): GroupState {
  requireStatus(g, 'WINDING_UP', 'group_not_winding_up', 'be closed');
  const notices = g.closingNoticesSentOn;
  if (notices === null)
    throw new RuleViolation('closing_notices_missing', 'group is WINDING_UP but no closing notices were recorded');
  const sinceNotices = daysBetween(notices, input.today);
  if (sinceNotices < CLOSING_NOTICE_DAYS)
    throw new RuleViolation(
      'closing_notice_period',
      `group is WINDING_UP; notices sent on ${notices} need ${CLOSING_NOTICE_DAYS} days, ` +
        `earliest closing ${addDays(notices, CLOSING_NOTICE_DAYS)}`,
    );
  const last = g.lastAssemblyOn;
  if (last !== null && daysBetween(last, input.today) > CLOSING_DEADLINE_DAYS)
    throw new RuleViolation(
      'closing_deadline',
      `group is WINDING_UP; closing was due by ${addDays(last, CLOSING_DEADLINE_DAYS)} ` +
        `(${CLOSING_DEADLINE_DAYS} days after the last assembly on ${last})`,
    );
  return { ...g, status: 'CLOSED', closedOn: input.today };
}
