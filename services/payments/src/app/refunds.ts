import type { Knex } from 'knex';
import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import { NotFoundError, RuleViolation, UnavailableError } from '@consorcio/shared/errors';
import { ExcludedRefundDrawn } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { requireDate, requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import { recordSubledger, refundAwardedEntry, refundPaidEntry, type RefundAmounts } from '../domain';
import { subledgerBalances } from '../db/journal-repo';
import { postJournal } from '../db/journal-repo';
import { getQuota, lockQuota, updateQuota, type PaymentsQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';
import { withQuotaLock } from './quota-lock';
import { quotaRef } from './refs';

/**
 * Awards an excluded record its refund (domain §11): the net goes from the common fund to REFUNDS_PAYABLE under the
 * record (E12; the penalty simply stays in the fund), the record becomes REFUND_AWARDED. Once per record.
 */
export async function awardRefund(
  trx: Knex.Transaction,
  quota: PaymentsQuota,
  refund: RefundAmounts & { assemblyId: string | null; awardedOn: string; correlationId: string; cause: string },
): Promise<boolean> {
  const inserted = await trx('payments.refunds')
    .insert({
      quota_id: quota.id,
      group_id: quota.groupId,
      gross: refund.gross,
      penalty: refund.penalty,
      net: refund.net,
      assembly_id: refund.assemblyId,
      awarded_on: refund.awardedOn,
    })
    .onConflict('quota_id')
    .ignore()
    .returning('quota_id');
  if (inserted.length === 0) return false;
  await updateQuota(trx, quota.id, { status: 'REFUND_AWARDED' });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'payments.refund.awarded',
      quota.id,
      {
        quota: quotaRef(quota),
        grossCentavos: refund.gross,
        penaltyCentavos: refund.penalty,
        netCentavos: refund.net,
        assemblyId: refund.assemblyId ?? '',
      },
      refund.correlationId,
    ),
  ]);
  if (refund.net > 0n)
    await postJournal(
      trx,
      [
        {
          entry: refundAwardedEntry({ net: refund.net, record: quota }),
          groupId: quota.groupId,
          cause: refund.cause,
          businessDate: refund.awardedOn,
        },
      ],
      refund.correlationId,
    );
  return true;
}

/** draws.excluded.refund_drawn: the refund drawn at an assembly's excluded draw (§6.5) is awarded. */
export const onRefundDrawn: EventHandler = async ({ trx, meta, body }) => {
  const e = ExcludedRefundDrawn.decode(body);
  const quota = e.quota?.quotaId ? await lockQuota(trx, e.quota.quotaId) : null;
  if (!quota) throw new UnavailableError(`quota ${e.quota?.quotaId} is not projected yet; retrying`);
  await awardRefund(trx, quota, {
    gross: e.grossCentavos,
    penalty: e.penaltyCentavos,
    net: e.netCentavos,
    assemblyId: e.assemblyId,
    awardedOn: calendarDateAt(meta.occurredAt),
    correlationId: meta.correlationId ?? meta.eventId,
    cause: meta.eventId,
  });
};

/**
 * Pays an awarded refund (E13): everything REFUNDS_PAYABLE holds for the record — the net plus the income it earned
 * since the award (§12). Idempotent by key; the record becomes REFUNDED.
 */
export async function payRefund(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { quotaId: string; idempotencyKey: string; paidOn: string },
): Promise<{ amount: bigint }> {
  requireId('quota_id', cmd.quotaId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  requireDate('paid_on', cmd.paidOn);
  if (!(await getQuota(deps.db, cmd.quotaId))) throw new NotFoundError('quota', cmd.quotaId);
  return withQuotaLock(deps, cmd.quotaId, async (trx, quota) => {
    const refund = await trx('payments.refunds')
      .where({ quota_id: quota.id })
      .first<{ paid_amount: bigint | null; idempotency_key: string | null; paid_on: string | null } | undefined>();
    if (!refund)
      throw new RuleViolation('no_refund_awarded', `record ${quota.number}-${quota.version} has no refund awarded`);
    if (refund.paid_amount !== null) {
      if (refund.idempotency_key === key) return { amount: refund.paid_amount };
      throw new RuleViolation('refund_already_paid', `the refund was already paid on ${refund.paid_on}`);
    }
    const amount = await refundsPayable(trx, quota);
    if (amount <= 0n) throw new RuleViolation('no_refund_awarded', 'nothing is payable to the record');
    await trx('payments.refunds')
      .where({ quota_id: quota.id })
      .update({ paid_amount: amount, paid_on: cmd.paidOn, idempotency_key: key });
    await updateQuota(trx, quota.id, { status: 'REFUNDED' });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'payments.refund.paid',
        quota.id,
        { quota: quotaRef(quota), amountCentavos: amount, paidOn: cmd.paidOn },
        meta.correlationId,
      ),
    ]);
    await postJournal(
      trx,
      [
        {
          entry: refundPaidEntry({ amount, record: quota }),
          groupId: quota.groupId,
          cause: `refund:${key}`,
          businessDate: cmd.paidOn,
        },
      ],
      meta.correlationId,
    );
    return { amount };
  });
}

/** What REFUNDS_PAYABLE holds for a record, from the journal. */
async function refundsPayable(trx: Knex.Transaction, quota: PaymentsQuota): Promise<bigint> {
  const balances = await subledgerBalances(trx, quota.groupId, 'REFUNDS_PAYABLE');
  return balances.get(recordSubledger(quota)) ?? 0n;
}
