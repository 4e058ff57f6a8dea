import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { daysBetween } from '@consorcio/shared/clock';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import {
  cancellationConversionPct,
  cashOutAmount,
  nextLetterStatus,
  release as releaseMoney,
  type LetterStatus,
} from '../domain';
import { getCreditGroup, getLetter, lockLetter, saveLetter, type StoredLetter } from '../db/letters-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type CreditDeps } from './deps';

/**
 * Every way money leaves a letter (domain §9.2, §9.5, §9.6, §9.8): releases to the seller or for the asset's costs,
 * a leftover or a cash-out paid to the member, and a cancellation returning the balance to the common fund. Each
 * takes the letter's row lock; payments books the events (E9, E19).
 */

/**
 * A release (§9.2, §9.5): to the seller (whole or a construction tranche) or the asset's costs (≤ 10 % of the
 * credit). Serialized per letter by its row lock, idempotent by key, never more than the balance; payments books E9
 * from `credit.letter.released`.
 */
export async function releaseCredit(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; kind: 'SELLER' | 'ASSET_COSTS' | undefined; amount: bigint; idempotencyKey: string },
): Promise<{ letter: StoredLetter; releaseId: string }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  if (!cmd.kind) throw new ValidationError('kind', 'must be SELLER or ASSET_COSTS');
  const releaseId = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ id: string; letter_id: string; amount: bigint } | undefined>();
    if (earlier) {
      if (earlier.letter_id !== letter.id || earlier.amount !== cmd.amount)
        throw new RuleViolation('idempotency_key_reused', `key ${key} was already used for another release`);
      return earlier.id;
    }
    const money = releaseMoney({
      balance: letter.balance,
      amount: cmd.amount,
      creditAmount: letter.creditAmount,
      kind: cmd.kind!,
      assetCostsSoFar: letter.assetCosts,
    });
    const status = nextLetterStatus(letter.status, money.complete ? 'release_rest' : 'release_part');
    const id = newId();
    await trx('credit.releases').insert({
      id,
      letter_id: letter.id,
      kind: cmd.kind,
      amount: cmd.amount,
      idempotency_key: key,
    });
    await saveLetter(trx, letter.id, {
      status,
      balance: money.balanceAfter,
      released: letter.released + cmd.amount,
      ...(cmd.kind === 'ASSET_COSTS' ? { assetCosts: letter.assetCosts + cmd.amount } : {}),
    });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.letter.released',
        letter.id,
        {
          letterId: letter.id,
          quota: letter.quota,
          releaseId: id,
          kind: cmd.kind!,
          amountCentavos: cmd.amount,
          balanceAfterCentavos: money.balanceAfter,
        },
        meta.correlationId,
      ),
    ]);
    return id;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), releaseId };
}

/** Pays `amount` of a letter to its member (a leftover, a cash-out): the release row, the letter, the event (E9). */
async function payToMember(
  trx: Knex.Transaction,
  meta: CommandMeta,
  letter: StoredLetter,
  pay: {
    amount: bigint;
    key: string;
    status: LetterStatus;
    event: 'credit.letter.released' | 'credit.letter.cashed_out';
  },
): Promise<void> {
  const id = newId();
  const balanceAfter = letter.balance - pay.amount;
  await trx('credit.releases').insert({
    id,
    letter_id: letter.id,
    kind: 'CASH',
    amount: pay.amount,
    idempotency_key: pay.key,
  });
  await saveLetter(trx, letter.id, {
    status: pay.status,
    balance: balanceAfter,
    released: letter.released + pay.amount,
  });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      pay.event,
      letter.id,
      {
        letterId: letter.id,
        quota: letter.quota,
        releaseId: id,
        kind: 'CASH',
        amountCentavos: pay.amount,
        balanceAfterCentavos: balanceAfter,
      },
      meta.correlationId,
    ),
  ]);
}

/**
 * §9.5 (c): the asset cost less than the credit — once the seller is paid (the letter PARTIALLY_RELEASED), the
 * leftover is paid to the member and the letter CLOSED. Idempotent by key; payments books E9.
 */
export async function settleLeftover(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; idempotencyKey: string },
): Promise<{ letter: StoredLetter; paid: bigint }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const paid = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ amount: bigint } | undefined>();
    if (earlier) return earlier.amount;
    if (letter.status !== 'PARTIALLY_RELEASED')
      throw new RuleViolation(
        `letter_${letter.status.toLowerCase()}`,
        `the letter is ${letter.status}: a leftover is settled after the seller was paid (PARTIALLY_RELEASED)`,
      );
    const closed = nextLetterStatus(nextLetterStatus(letter.status, 'release_rest'), 'settle_leftover');
    const amount = letter.balance;
    await payToMember(trx, meta, letter, { amount, key, status: closed, event: 'credit.letter.released' });
    return amount;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), paid };
}

/**
 * §9.6: the balance paid to the member when a cash-out is allowed; the record's outstanding balance and overdue
 * amount are read from payments (the owner of money) first.
 */
export async function cashOut(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; idempotencyKey: string },
): Promise<{ letter: StoredLetter; paid: bigint }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const position = await deps.payments.position((await getLetter(deps.db, cmd.letterId)).quota.quotaId);
  const paid = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ amount: bigint } | undefined>();
    if (earlier) return earlier.amount;
    const group = await getCreditGroup(trx, letter.groupId);
    const amount = cashOutAmount({
      balance: letter.balance,
      daysSinceContemplation: daysBetween(letter.contemplatedOn, deps.clock.today()),
      creditCashOutDays: group.creditCashOutDays,
      outstandingBalance: position.outstanding,
      lastAssemblyHeld: group.lastAssemblyHeld,
      overdueAmount: position.overdue,
    });
    await payToMember(trx, meta, letter, {
      amount,
      key,
      status: nextLetterStatus(letter.status, 'cash_out'),
      event: 'credit.letter.cashed_out',
    });
    return amount;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), paid };
}

/**
 * §9.8: an unused contemplation is cancelled — the letter's balance (credit + yield) returns to the common fund
 * (E19, booked by payments) and the update difference is converted to a percentage of C now for the record.
 */
export async function cancelLetter(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; reason: string },
): Promise<{ letter: StoredLetter; conversionPct: bigint }> {
  requireId('letter_id', cmd.letterId);
  if (cmd.reason.trim().length < 5)
    throw new ValidationError('reason', 'must state why the contemplation is cancelled');
  const conversionPct = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const status = nextLetterStatus(letter.status, 'cancel');
    const group = await getCreditGroup(trx, letter.groupId);
    const pct = cancellationConversionPct({
      creditValueNow: group.creditValue,
      creditValueAtContemplation: letter.creditValueAtContemplation,
    });
    await saveLetter(trx, letter.id, { status, balance: 0n });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.letter.cancelled',
        letter.id,
        { letterId: letter.id, quota: letter.quota, balanceReturnedCentavos: letter.balance, conversionPct: pct },
        meta.correlationId,
      ),
    ]);
    return pct;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), conversionPct };
}
