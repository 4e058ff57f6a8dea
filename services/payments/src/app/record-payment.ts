import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireDate, requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import { formatBRL } from '@consorcio/shared/money';
import {
  addPcts,
  amountDue,
  BANK_HOLIDAYS,
  installmentPaidEntries,
  lateFeesPaidEntries,
  oldestOpenInstallment,
  upfrontFeePaidEntry,
  type JournalEntry,
} from '../domain';
import { creditValueOn, requireGroup } from '../db/groups-repo';
import { markPaid, openInstallments, type StoredInstallment } from '../db/installments-repo';
import { postJournal, type Posting } from '../db/journal-repo';
import { insertPayment, paymentByKey, type StoredPayment } from '../db/payments-repo';
import { getQuota, updateQuota, type PaymentsQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';
import { paymentsMetrics } from './metrics';
import { withQuotaLock } from './quota-lock';
import { quotaRef } from './refs';
import { reevaluateStanding } from './standing';

export interface RecordPayment {
  quotaId: string;
  /** The bank reconciliation id: one payment per key, whoever sends it and however often. */
  idempotencyKey: string;
  amount: bigint;
  paidOn: string;
  /** Who reported it: `API`, or the provider's name. */
  source: string;
}

/** Work that must commit with the payment or not at all (the webhook's receipt and its charge). */
export type InPaymentTransaction = (trx: Knex.Transaction, payment: StoredPayment) => Promise<void>;

/** Records whose installments are no longer owed. */
const NOT_PAYABLE = ['EXCLUDED', 'WITHDRAWN', 'REFUND_AWARDED', 'REFUNDED', 'CLOSED'];

/**
 * Records a payment of a record's oldest open installment (domain §5.1, D-13), valued at the credit value of the
 * payment date (D-14) plus late fees (§5.2, split 50/50 by D-03), and for installment 1 the upfront fee (§4.4).
 * Serialized and fenced per record (`withQuotaLock`). The payment,
 * its journal entries (E3, E4, E1) and its events commit in one transaction. The idempotency key returns the first
 * payment; the same key with another record, amount or date is refused.
 */
export async function recordPayment(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: RecordPayment,
  inTransaction?: InPaymentTransaction,
): Promise<StoredPayment> {
  requireId('quota_id', cmd.quotaId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  if (cmd.amount <= 0n) throw new ValidationError('amount_centavos', 'must be > 0');
  requireDate('paid_on', cmd.paidOn);
  const earlier = await paymentByKey(deps.db, key);
  if (earlier) return sameRequest(earlier, cmd);
  if (!(await getQuota(deps.db, cmd.quotaId))) throw new NotFoundError('quota', cmd.quotaId);

  return withQuotaLock(deps, cmd.quotaId, async (trx, quota) => {
    const raced = await paymentByKey(trx, key);
    if (raced) return sameRequest(raced, cmd);
    const payment = await settle(trx, deps, meta, quota, key, cmd);
    await inTransaction?.(trx, payment);
    return payment;
  }).then((payment) => {
    paymentsMetrics.recorded.inc({
      source: payment.source === 'API' ? 'API' : 'provider',
      on_time: String(payment.onTime),
    });
    return payment;
  });
}

async function settle(
  trx: Knex.Transaction,
  deps: PaymentsDeps,
  meta: CommandMeta,
  quota: PaymentsQuota,
  key: string,
  cmd: RecordPayment,
): Promise<StoredPayment> {
  const group = await requireGroup(trx, quota.groupId);
  if (group.status === 'CANCELLED')
    throw new RuleViolation('group_cancelled', `group ${group.code} is cancelled: its installments are not owed`);
  if (NOT_PAYABLE.includes(quota.status))
    throw new RuleViolation('quota_not_payable', `record ${quota.number}-${quota.version} is ${quota.status}`);
  const open = await openInstallments(trx, quota.id);
  const oldest = oldestOpenOf(open);
  const first = oldest.period === quota.enrolledPeriod;
  // P-10: installment 1 cannot be overdue (§3.2: the record is not active until it is paid), so it has no late fees.
  const obligation = first && cmd.paidOn > oldest.dueOn ? { ...oldest.open, dueDate: cmd.paidOn } : oldest.open;
  const due = amountDue(obligation, cmd.paidOn, {
    creditValue: await creditValueOn(trx, group.id, cmd.paidOn),
    insurance: { optIn: quota.insuranceOptIn, monthlyPct: group.insuranceMonthlyPct },
    lateFeeRates: group.lateFeeRates,
    holidays: BANK_HOLIDAYS,
  });
  const upfront = first ? quota.upfrontFee : 0n;
  const expected = due.amountDue + upfront;
  if (cmd.amount !== expected)
    throw new RuleViolation(
      'amount_mismatch',
      `installment of period ${oldest.period} paid on ${cmd.paidOn}: expected ${expected} centavos ` +
        `(${formatBRL(expected)}${upfront > 0n ? `, upfront fee ${formatBRL(upfront)} included` : ''}), ` +
        `received ${cmd.amount} centavos (${formatBRL(cmd.amount)})`,
    );

  const fees = due.lateFees;
  const payment: StoredPayment = {
    id: newId(),
    installmentId: oldest.id,
    quotaId: quota.id,
    groupId: group.id,
    period: oldest.period,
    paidOn: cmd.paidOn,
    amount: cmd.amount,
    installmentTotal: due.amounts.total + upfront,
    lateFine: fees.fine,
    lateInterest: fees.interest,
    groupShare: fees.groupShare,
    adminShare: fees.adminShare,
    onTime: due.onTime,
    idempotencyKey: key,
    source: cmd.source,
  };
  await insertPayment(trx, payment);
  await markPaid(trx, oldest.id, {
    paidOn: cmd.paidOn,
    total: due.amounts.total,
    lateFine: fees.fine,
    lateInterest: fees.interest,
    paymentId: payment.id,
  });
  // An installment billed before the schedule was rebuilt (an amortization) does not count in the new one.
  const paidCount = quota.paidCount + (oldest.period >= quota.schedule.firstPeriod ? 1 : 0);
  await updateQuota(trx, quota.id, { paid: addPcts(quota.paid, oldest.open.pcts), paidCount });

  const remaining = open.filter((i) => i.id !== oldest.id);
  const events = [
    outgoing(
      'payments.installment.paid',
      quota.id,
      {
        quota: quotaRef(quota),
        period: oldest.period,
        amountCentavos: cmd.amount,
        paidOn: cmd.paidOn,
        lateFineCentavos: fees.fine,
        lateInterestCentavos: fees.interest,
        groupShareCentavos: fees.groupShare,
        adminShareCentavos: fees.adminShare,
        idempotencyKey: key,
        onTime: due.onTime,
        firstInstallment: first,
        lastInstallment: remaining.length === 0 && paidCount === quota.schedule.count,
      },
      meta.correlationId,
    ),
  ];
  if (fees.fees > 0n)
    events.push(
      outgoing(
        'payments.late_fee.charged',
        quota.id,
        {
          quota: quotaRef(quota),
          period: oldest.period,
          lateFineCentavos: fees.fine,
          lateInterestCentavos: fees.interest,
          groupShareCentavos: fees.groupShare,
          adminShareCentavos: fees.adminShare,
        },
        meta.correlationId,
      ),
    );
  await appendToOutbox(trx, SCHEMA, events);
  await reevaluateStanding(trx, {
    quota,
    group,
    open: remaining.map((i) => i.open),
    on: deps.clock.today(),
    correlationId: meta.correlationId,
  });

  const paid = installmentPaidEntries({
    billedTotal: oldest.billed.total,
    fc: due.amounts.fc,
    af: due.amounts.af,
    fr: due.amounts.fr,
    ins: due.amounts.ins,
    fundRevaluation: due.amounts.fundRevaluation,
    priceDifference: due.amounts.priceDifference,
    installment: oldest.id,
  });
  const entries: (JournalEntry | null)[] = [paid.group, paid.administrator];
  if (fees.fees > 0n) {
    const late = lateFeesPaidEntries({
      fine: fees.fine,
      interest: fees.interest,
      groupShare: fees.groupShare,
      adminShare: fees.adminShare,
    });
    entries.push(late.group, late.administrator);
  }
  if (upfront > 0n) entries.push(upfrontFeePaidEntry(upfront));
  const postings: Posting[] = entries
    .filter((e): e is JournalEntry => e !== null)
    .map((entry) => ({ entry, groupId: group.id, cause: `payment:${payment.id}`, businessDate: cmd.paidOn }));
  await postJournal(trx, postings, meta.correlationId);
  return payment;
}

function oldestOpenOf(open: readonly StoredInstallment[]): StoredInstallment {
  const oldest = oldestOpenInstallment(open.map((i) => i.open));
  return open.find((i) => i.period === oldest.period) as StoredInstallment;
}

/** A retry under the same key: the first payment, if it is the same request. */
function sameRequest(earlier: StoredPayment, cmd: RecordPayment): StoredPayment {
  if (earlier.quotaId !== cmd.quotaId || earlier.amount !== cmd.amount || earlier.paidOn !== cmd.paidOn)
    throw new RuleViolation(
      'idempotency_key_reused',
      `key ${earlier.idempotencyKey} already recorded a payment of ${earlier.amount} centavos on ${earlier.paidOn} ` +
        `for quota ${earlier.quotaId}; a different payment needs its own key`,
    );
  return earlier;
}
