import { createHash } from 'node:crypto';
import { NotFoundError, RuleViolation, UnauthenticatedError, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { optionalDate, requireId } from '@consorcio/shared/input';
import { amountDue, BANK_HOLIDAYS } from '../domain';
import { creditValueOn, requireGroup } from '../db/groups-repo';
import { chargeByTxid, insertCharge, markChargePaid, nextChargeSequence, type StoredCharge } from '../db/charges-repo';
import { openInstallments } from '../db/installments-repo';
import { lockQuota, requireQuota } from '../db/quotas-repo';
import type { ChargeMethodName } from '../provider/payment-provider';
import type { CommandMeta, PaymentsDeps } from './deps';
import { recordPayment } from './record-payment';

/**
 * Issues a boleto or PIX charge for the record's oldest open installment (the only one a payment may settle, D-13),
 * for what it will be due on `dueOn`: its total at that date's credit value plus late fees to that date (the "2ª via"
 * of an overdue installment), and for installment 1 the upfront fee. A new charge supersedes the open one.
 */
export async function issueCharge(
  deps: PaymentsDeps,
  cmd: { quotaId: string; method: ChargeMethodName | undefined; dueOn?: string },
): Promise<StoredCharge> {
  requireId('quota_id', cmd.quotaId);
  if (!cmd.method) throw new ValidationError('method', 'must be BOLETO or PIX');
  await requireQuota(deps.db, cmd.quotaId);
  return deps.db.transaction(async (trx) => {
    const quota = await lockQuota(trx, cmd.quotaId);
    if (!quota) throw new NotFoundError('quota', cmd.quotaId);
    const group = await requireGroup(trx, quota.groupId);
    if (group.status === 'CANCELLED')
      throw new RuleViolation('group_cancelled', `group ${group.code} is cancelled: its installments are not owed`);
    const [oldest] = await openInstallments(trx, quota.id);
    if (!oldest) throw new RuleViolation('no_open_installment', 'the record has no open installment to pay');
    const today = deps.clock.today();
    const dueOn = optionalDate('due_on', cmd.dueOn, oldest.effectiveDueOn < today ? today : oldest.dueOn);
    if (dueOn < today) throw new ValidationError('due_on', `must not be before today (${today})`);
    const first = oldest.period === quota.enrolledPeriod;
    const obligation = first && dueOn > oldest.dueOn ? { ...oldest.open, dueDate: dueOn } : oldest.open;
    const due = amountDue(obligation, dueOn, {
      creditValue: await creditValueOn(trx, group.id, dueOn),
      insurance: { optIn: quota.insuranceOptIn, monthlyPct: group.insuranceMonthlyPct },
      lateFeeRates: group.lateFeeRates,
      holidays: BANK_HOLIDAYS,
    });
    const amount = due.amountDue + (first ? quota.upfrontFee : 0n);
    const issued = deps.provider.issue({ sequence: await nextChargeSequence(trx), method: cmd.method!, amount, dueOn });
    const charge: StoredCharge = {
      id: newId(),
      installmentId: oldest.id,
      quotaId: quota.id,
      groupId: group.id,
      period: oldest.period,
      provider: deps.provider.name,
      method: cmd.method!,
      status: 'ISSUED',
      amount,
      dueOn,
      ...issued,
      providerTransactionId: null,
      paymentId: null,
    };
    await insertCharge(trx, charge);
    return charge;
  });
}

/**
 * The provider's settlement notice (webhook). The signature over the raw body is checked first: a bad one is
 * refused (UNAUTHENTICATED) and logged with its reason, and nothing is written. A notice is applied once per provider
 * transaction id: it records the payment of the charge's record (idempotency key `<provider>:<transaction id>`),
 * marks the charge paid and stores the receipt, all in the payment's transaction. A retried notice answers
 * `duplicate` with the same payment.
 */
export async function receiveWebhook(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { provider: string; body: Uint8Array; signature: string | undefined },
): Promise<{ duplicate: boolean; paymentId: string }> {
  if (cmd.provider !== deps.provider.name) throw new NotFoundError('payment provider', cmd.provider);
  const read = deps.provider.readNotice(cmd.body, cmd.signature, Math.floor(deps.clock.now().getTime() / 1000));
  if (!read.ok) {
    deps.log.warn(
      { payload: { provider: cmd.provider, reason: read.reason, bytes: cmd.body.length } },
      'provider webhook refused: bad signature',
    );
    throw new UnauthenticatedError(`webhook signature refused (${read.reason})`);
  }
  const notice = read.notice;
  const receipt = await deps
    .db('payments.webhook_receipts')
    .where({ provider: cmd.provider, transaction_id: notice.transactionId })
    .first<{ payment_id: string } | undefined>('payment_id');
  if (receipt) return { duplicate: true, paymentId: receipt.payment_id };
  const charge = await chargeByTxid(deps.db, notice.txid);
  if (!charge || charge.provider !== cmd.provider) throw new NotFoundError('charge', notice.txid);
  let applied = false;
  const payment = await recordPayment(
    deps,
    meta,
    {
      quotaId: charge.quotaId,
      idempotencyKey: `${cmd.provider}:${notice.transactionId}`,
      amount: notice.amount,
      paidOn: notice.paidOn,
      source: cmd.provider,
    },
    async (trx, p) => {
      applied = true;
      await markChargePaid(trx, charge.id, notice.transactionId, p.id);
      await trx('payments.webhook_receipts').insert({
        provider: cmd.provider,
        transaction_id: notice.transactionId,
        charge_id: charge.id,
        payment_id: p.id,
        body_sha256: createHash('sha256').update(cmd.body).digest('hex'),
      });
    },
  );
  return { duplicate: !applied, paymentId: payment.id };
}
