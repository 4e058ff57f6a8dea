import { calendarDateAt } from '@consorcio/shared/clock';
import { type EventHandler } from '@consorcio/shared/bus';
import { LetterCancelled, LetterReleased } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import { cancelContemplation, contemplationCancelledEntry, creditReleasedEntry } from '../domain';
import { billedInSchedule } from '../db/installments-repo';
import { lockQuota, updateQuota } from '../db/quotas-repo';
import { postJournal } from '../db/journal-repo';

/**
 * credit.letter.released / credit.letter.cashed_out: money paid out of a letter to a seller, the asset's costs or
 * the member — E9, Dr CREDITS_PAYABLE (the letter) / Cr BANK. Once per event (the consumer's inbox).
 */
export const onLetterReleased: EventHandler = async ({ trx, meta, body }) => {
  const e = LetterReleased.decode(body);
  if (!e.quota?.groupId || e.amountCentavos <= 0n) return;
  await postJournal(
    trx,
    [
      {
        entry: creditReleasedEntry({ amount: e.amountCentavos, letter: e.letterId }),
        groupId: e.quota.groupId,
        cause: meta.eventId,
        businessDate: calendarDateAt(meta.occurredAt),
      },
    ],
    meta.correlationId ?? meta.eventId,
  );
};

/**
 * credit.letter.cancelled (§9.8): the letter's balance returns to the common fund — E19 (D-22) — and the update
 * difference credit converted leaves the record's paid FC for its remaining FC (contract art. 38 §3).
 */
export const onLetterCancelled: EventHandler = async ({ trx, meta, body }) => {
  const e = LetterCancelled.decode(body);
  if (!e.quota?.groupId) return;
  const quota = await lockQuota(trx, e.quota.quotaId);
  if (quota && e.conversionPct > 0n) {
    const billedCount = await billedInSchedule(trx, quota.id, quota.schedule.firstPeriod);
    const r = cancelContemplation({
      schedule: quota.schedule,
      billedCount,
      paid: quota.paid,
      conversionPct: e.conversionPct,
    });
    await updateQuota(trx, quota.id, { schedule: r.schedule, paid: r.paid, paidCount: 0 });
  }
  if (e.balanceReturnedCentavos <= 0n) return;
  await postJournal(
    trx,
    [
      {
        entry: contemplationCancelledEntry({ balance: e.balanceReturnedCentavos, letter: e.letterId }),
        groupId: e.quota.groupId,
        cause: meta.eventId,
        businessDate: calendarDateAt(meta.occurredAt),
      },
    ],
    meta.correlationId ?? meta.eventId,
  );
};
