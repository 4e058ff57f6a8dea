import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireDate, requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import { formatBRL } from '@consorcio/shared/money';
import {
  AMORTIZATION_MODES,
  bidPaidEntries,
  installmentPcts,
  prepayment,
  type AmortizationMode,
  type ComponentPcts,
} from '../domain';
import { creditValueOn, requireGroup } from '../db/groups-repo';
import { openInstallments } from '../db/installments-repo';
import { postJournal } from '../db/journal-repo';
import { getQuota, updateQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';
import { withQuotaLock } from './quota-lock';
import { quotaRef } from './refs';

export interface Prepay {
  quotaId: string;
  idempotencyKey: string;
  pct: bigint;
  mode: string;
  amount: bigint;
  paidOn: string;
}

export interface PrepayResult {
  amount: bigint;
  installmentsRemaining: number;
  next: ComponentPcts | null;
}

interface PrepaymentRow {
  quota_id: string;
  pct: bigint;
  mode: string;
  amount: bigint;
  paid_on: string;
  installments_remaining: number;
}

/** Records that may prepay: active ones, contemplated or not (a prepayment never becomes a bid, §4.6). */
const MAY_PREPAY = ['ACTIVE', 'CONTEMPLATED'];

/**
 * A prepayment (antecipação, domain §4.6): pays `applyPct(C(paid_on), pct)` and amortizes the record like a bid (§8),
 * reducing its term or its installments. Its money is posted like a bid's own part (E6). The record must be in good
 * standing with no open installment (they are paid first, oldest first, D-13). Idempotent by key.
 */
export async function prepay(deps: PaymentsDeps, meta: CommandMeta, cmd: Prepay): Promise<PrepayResult> {
  requireId('quota_id', cmd.quotaId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  if (cmd.pct <= 0n) throw new ValidationError('pct', 'must be > 0');
  if (!(AMORTIZATION_MODES as readonly string[]).includes(cmd.mode))
    throw new ValidationError('amortization_mode', `must be one of ${AMORTIZATION_MODES.join(', ')}`);
  if (cmd.amount <= 0n) throw new ValidationError('amount_centavos', 'must be > 0');
  requireDate('paid_on', cmd.paidOn);
  if (!(await getQuota(deps.db, cmd.quotaId))) throw new NotFoundError('quota', cmd.quotaId);
  return withQuotaLock(deps, cmd.quotaId, async (trx, quota) => {
    const earlier = await trx('payments.prepayments')
      .where({ idempotency_key: key })
      .first<PrepaymentRow | undefined>();
    if (earlier) {
      if (earlier.quota_id !== cmd.quotaId || earlier.pct !== cmd.pct || earlier.amount !== cmd.amount)
        throw new RuleViolation('idempotency_key_reused', `key ${key} was already used for another prepayment`);
      return { amount: earlier.amount, installmentsRemaining: earlier.installments_remaining, next: null };
    }
    if (!MAY_PREPAY.includes(quota.status))
      throw new RuleViolation(
        'quota_not_prepayable',
        `a ${quota.status} record cannot prepay; it must be in good standing`,
      );
    if ((await openInstallments(trx, quota.id)).length > 0)
      throw new RuleViolation('open_installments', 'pay the open installments first (oldest first) before prepaying');
    const group = await requireGroup(trx, quota.groupId);
    const p = prepayment({
      schedule: quota.schedule,
      paidCount: quota.paidCount,
      paid: quota.paid,
      pct: cmd.pct,
      mode: cmd.mode as AmortizationMode,
      creditValue: await creditValueOn(trx, group.id, cmd.paidOn),
    });
    if (cmd.amount !== p.amount)
      throw new RuleViolation(
        'amount_mismatch',
        `a prepayment of ${cmd.pct} pct units on ${cmd.paidOn} costs ${p.amount} centavos (${formatBRL(p.amount)}), ` +
          `received ${cmd.amount}`,
      );
    const a = p.amortization;
    await updateQuota(trx, quota.id, { schedule: a.schedule, paid: a.paid, paidCount: 0 });
    await trx('payments.prepayments').insert({
      id: newId(),
      quota_id: quota.id,
      idempotency_key: key,
      pct: cmd.pct,
      mode: cmd.mode,
      amount: p.amount,
      paid_on: cmd.paidOn,
      installments_remaining: a.count,
    });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'payments.prepayment.made',
        quota.id,
        {
          quota: quotaRef(quota),
          pct: cmd.pct,
          amountCentavos: p.amount,
          paidOn: cmd.paidOn,
          installmentsRemaining: a.count,
        },
        meta.correlationId,
      ),
    ]);
    const e6 = bidPaidEntries(p.amountSplit);
    await postJournal(
      trx,
      [e6.group, e6.administrator]
        .filter((e) => e !== null)
        .map((entry) => ({ entry, groupId: group.id, cause: `prepayment:${key}`, businessDate: cmd.paidOn })),
      meta.correlationId,
    );
    return {
      amount: p.amount,
      installmentsRemaining: a.count,
      next: a.count > 0 ? installmentPcts(a.schedule, 1) : null,
    };
  });
}
