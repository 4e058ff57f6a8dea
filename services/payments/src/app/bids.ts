import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import { NotFoundError, RuleViolation, UnavailableError, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireDate, requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import { formatBRL } from '@consorcio/shared/money';
import {
  AmortizationMode,
  BidDefaulted,
  BidWon,
  ContemplationType,
  QuotaContemplated,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { fromProtoEnum } from '@consorcio/shared/grpc';
import {
  bidPaidEntries,
  contemplationEntries,
  reserveCoverEntry,
  type AmortizationMode as Mode,
  type JournalEntry,
} from '../domain';
import { postJournal } from '../db/journal-repo';
import { getQuota, lockQuota, updateQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { amortizeRecord } from './amortize-record';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';
import { withQuotaLock } from './quota-lock';
import { quotaRef } from './refs';

interface BidChargeRow {
  assembly_id: string;
  quota_id: string;
  group_id: string;
  own: bigint;
  own_fc: bigint;
  own_af: bigint;
  own_fr: bigint;
  payment_deadline: string;
  status: 'PENDING' | 'PAID' | 'DEFAULTED';
  bid_payment_id: string | null;
  idempotency_key: string | null;
  paid_on: string | null;
}

/** draws.bid.won: the own-resource part O becomes payable until the deadline (§6.7). */
export const onBidWon: EventHandler = async ({ trx, body }) => {
  const e = BidWon.decode(body);
  const quota = e.quota?.quotaId ? await getQuota(trx, e.quota.quotaId) : null;
  if (!quota) throw new UnavailableError(`quota ${e.quota?.quotaId} is not projected yet; retrying`);
  const split = e.ownSplit ?? { fcCentavos: 0n, afCentavos: 0n, frCentavos: 0n };
  await trx('payments.bid_charges')
    .insert({
      assembly_id: e.assemblyId,
      quota_id: quota.id,
      group_id: quota.groupId,
      period: e.period,
      bid_pct: e.bidPct,
      embedded_pct: e.embeddedPct,
      own: e.ownCentavos,
      own_fc: split.fcCentavos,
      own_af: split.afCentavos,
      own_fr: split.frCentavos,
      payment_deadline: e.paymentDeadline,
    })
    .onConflict(['assembly_id', 'quota_id'])
    .ignore();
};

/** draws.bid.defaulted: O was not paid in time; the charge is closed (no fee is charged by default, §6.7). */
export const onBidDefaulted: EventHandler = async ({ trx, body }) => {
  const e = BidDefaulted.decode(body);
  await trx('payments.bid_charges')
    .where({ assembly_id: e.assemblyId, quota_id: e.quota?.quotaId ?? '', status: 'PENDING' })
    .update({ status: 'DEFAULTED' });
};

/**
 * The payment of a winning bid's own part O (E6): the amount must be O, by the deadline. Serialized and fenced per
 * record, idempotent by key; emits `payments.bid.paid` so draws confirms the contemplation.
 */
export async function payBid(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { quotaId: string; assemblyId: string; idempotencyKey: string; amount: bigint; paidOn: string },
): Promise<{ bidPaymentId: string; own: bigint }> {
  requireId('quota_id', cmd.quotaId);
  requireId('assembly_id', cmd.assemblyId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  if (cmd.amount <= 0n) throw new ValidationError('amount_centavos', 'must be > 0');
  requireDate('paid_on', cmd.paidOn);
  if (!(await getQuota(deps.db, cmd.quotaId))) throw new NotFoundError('quota', cmd.quotaId);
  return withQuotaLock(deps, cmd.quotaId, async (trx, quota) => {
    const charge = await trx('payments.bid_charges')
      .where({ assembly_id: cmd.assemblyId, quota_id: cmd.quotaId })
      .forUpdate()
      .first<BidChargeRow | undefined>();
    if (!charge) throw new NotFoundError('winning bid', `${cmd.assemblyId}/${cmd.quotaId}`);
    if (charge.status === 'PAID') {
      if (charge.idempotency_key === key && charge.own === cmd.amount)
        return { bidPaymentId: charge.bid_payment_id as string, own: charge.own };
      throw new RuleViolation(
        'bid_already_paid',
        `the bid of assembly ${cmd.assemblyId} was already paid on ${charge.paid_on}`,
      );
    }
    if (charge.status === 'DEFAULTED')
      throw new RuleViolation('bid_defaulted', `the bid's payment deadline ${charge.payment_deadline} passed unpaid`);
    if (cmd.paidOn > charge.payment_deadline)
      throw new RuleViolation('bid_payment_late', `the bid had to be paid by ${charge.payment_deadline}`);
    if (cmd.amount !== charge.own)
      throw new RuleViolation(
        'amount_mismatch',
        `the bid's own part is ${charge.own} centavos (${formatBRL(charge.own)}), received ${cmd.amount}`,
      );
    const id = newId();
    await trx('payments.bid_charges')
      .where({ assembly_id: cmd.assemblyId, quota_id: cmd.quotaId })
      .update({ status: 'PAID', bid_payment_id: id, idempotency_key: key, paid_on: cmd.paidOn });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'payments.bid.paid',
        quota.id,
        {
          assemblyId: cmd.assemblyId,
          quota: quotaRef(quota),
          ownCentavos: charge.own,
          ownFcCentavos: charge.own_fc,
          ownAfCentavos: charge.own_af,
          ownFrCentavos: charge.own_fr,
          paidOn: cmd.paidOn,
          idempotencyKey: key,
        },
        meta.correlationId,
      ),
    ]);
    const e6 = bidPaidEntries({ fc: charge.own_fc, af: charge.own_af, fr: charge.own_fr });
    await postJournal(
      trx,
      [e6.group, e6.administrator]
        .filter((e): e is JournalEntry => e !== null)
        .map((entry) => ({
          entry,
          groupId: quota.groupId,
          cause: `bid:${cmd.assemblyId}:${quota.id}`,
          businessDate: cmd.paidOn,
        })),
      meta.correlationId,
    );
    return { bidPaymentId: id, own: charge.own };
  });
}

/**
 * draws.quota.contemplated: the credit is committed (E7, after E8 when the reserve covered a planned draw's
 * shortfall), a bid amortizes the record by the whole bid (§8), and the record is CONTEMPLATED. Once per
 * contemplation id (the credit letter's key in CREDITS_PAYABLE).
 */
export const onQuotaContemplated: EventHandler = async ({ trx, meta, body }) => {
  const e = QuotaContemplated.decode(body);
  const quota = e.quota?.quotaId ? await lockQuota(trx, e.quota.quotaId) : null;
  if (!quota) throw new UnavailableError(`quota ${e.quota?.quotaId} is not projected yet; retrying`);
  const embedded = e.embeddedSplit ?? { fcCentavos: 0n, afCentavos: 0n, frCentavos: 0n };
  const embeddedTotal = embedded.fcCentavos + embedded.afCentavos + embedded.frCentavos;
  const inserted = await trx('payments.contemplations')
    .insert({
      id: e.contemplationId,
      assembly_id: e.assemblyId,
      quota_id: quota.id,
      group_id: quota.groupId,
      type: fromProtoEnum<string>(ContemplationType, 'CONTEMPLATION_TYPE_', e.type, 'type') ?? 'DRAW',
      credit_amount: e.creditValueCentavos - embeddedTotal,
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  if (inserted.length === 0) return;
  const entries: JournalEntry[] = [];
  if (e.reserveUsedCentavos > 0n) entries.push(reserveCoverEntry(e.reserveUsedCentavos));
  const e7 = contemplationEntries({
    creditValue: e.creditValueCentavos,
    embedded: { fc: embedded.fcCentavos, af: embedded.afCentavos, fr: embedded.frCentavos },
    letter: e.contemplationId,
  });
  entries.push(e7.group);
  if (e7.administrator) entries.push(e7.administrator);
  if (e.bidPct > 0n) {
    const mode = fromProtoEnum<Mode>(AmortizationMode, 'AMORTIZATION_MODE_', e.amortizationMode, 'amortization_mode');
    await amortizeRecord(trx, quota, e.bidPct, mode ?? 'REDUCE_TERM');
  }
  await updateQuota(trx, quota.id, {
    status: quota.status === 'DELINQUENT' ? 'CONTEMPLATED_DELINQUENT' : 'CONTEMPLATED',
  });
  await postJournal(
    trx,
    entries.map((entry) => ({
      entry,
      groupId: quota.groupId,
      cause: meta.eventId,
      businessDate: calendarDateAt(meta.occurredAt),
    })),
    meta.correlationId ?? meta.eventId,
  );
};
