import assert from 'node:assert/strict';
import { newId } from '@consorcio/shared/ids';
import { enrollment } from '../../../groups/test/integration/harness';
import {
  amountDueOn,
  enrollMembers,
  eventually,
  publishedGroup,
  SMALL_GROUP,
  startPaymentsHarness,
  type PaymentsHarness,
} from './harness';

describe('payments: the upfront fee, catching up due billing runs, and a replacement quota', function () {
  this.timeout(90_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(async () => h?.stop());

  const adminBalance = async (groupId: string, account: string) => {
    const [row] = await h
      .db('payments.account_balances')
      .where({ book: 'ADMINISTRATOR', group_key: groupId, account })
      .select(h.db.raw('coalesce(sum(credit - debit), 0)::bigint as b'));
    return BigInt(row.b);
  };

  it('takes the upfront fee with installment 1 as an advance (E1) and recognises it at constitution', async () => {
    const groupId = await publishedGroup(h, { ...SMALL_GROUP, adminFeeUpfrontPct: 30_000n });
    const quotas = await enrollMembers(h, groupId, 6);
    const first = await h.db('payments.installments').where({ quota_id: quotas[0] }).first();
    // AF spread is 18 % − 3 % = 15 % over 6 installments: 2.5000 % → 15 000; the upfront fee is 3 % of C = 18 000.
    assert.equal(BigInt(first.billed_af), 15_000n);
    assert.equal(BigInt(first.billed_total), 117_400n);
    assert.equal(await amountDueOn(h, quotas[0]!, '2025-01-10'), 135_400n);
    await assert.rejects(
      h.api.recordPayment({
        quotaId: quotas[0]!,
        idempotencyKey: 'upfront-short-1',
        amountCentavos: 117_400n,
        paidOn: '2025-01-10',
      }),
      /upfront fee R\$ 180,00 included/,
    );
    for (const quotaId of quotas)
      await h.api.recordPayment({
        quotaId,
        idempotencyKey: `up-${quotaId}`,
        amountCentavos: 135_400n,
        paidOn: '2025-01-10',
      });
    assert.equal(await adminBalance(groupId, 'ADMIN_FEE_ADVANCES'), 6n * 18_000n);
    await eventually(
      async () => (await h.db('payments.quotas').whereIn('id', quotas).where({ status: 'ACTIVE' })).length === 6,
    );
    const { balances } = await h.api.getFundBalances({ groupId });
    await h.groupsApi.constituteGroup({
      groupId,
      assemblyId: newId(),
      commonFundCentavos: balances!.commonFundCentavos,
      reserveFundCentavos: balances!.reserveFundCentavos,
    });
    await eventually(async () => (await adminBalance(groupId, 'ADMIN_FEE_ADVANCES')) === 0n);
    assert.equal(await adminBalance(groupId, 'ADMIN_FEE_REVENUE'), 6n * (15_000n + 18_000n));

    // Catching up: on 23/02 the billing dates of periods 2 (26/01) and 3 (23/02) have come.
    const due = await h.api.runDueBilling({ on: '2025-02-23' });
    assert.ok(due.runs >= 2);
    const periods = await h.db('payments.billing_runs').where({ group_id: groupId }).orderBy('period');
    assert.deepEqual(
      periods.map((r: { period: number; due_on: string; billed: number }) => [r.period, r.due_on, r.billed]),
      [
        [2, '2025-02-05', 6],
        [3, '2025-03-05', 6],
      ],
    );
    const again = await h.api.runDueBilling({ on: '2025-02-23' });
    assert.deepEqual({ runs: again.runs, billed: again.billed }, { runs: 0, billed: 0 });
  });

  it('plans a replacement quota over the periods left, from 0 % paid (D-08)', async () => {
    // Six records only: the 10 % concentration cap would let nobody buy the resold seat.
    const groupId = await publishedGroup(h, { ...SMALL_GROUP, maxQuotaSharePerMemberPct: 1_000_000n });
    const quotas = await enrollMembers(h, groupId, 6);
    for (const quotaId of quotas)
      await h.api.recordPayment({
        quotaId,
        idempotencyKey: `rp-${quotaId}`,
        amountCentavos: await amountDueOn(h, quotaId, '2025-01-10'),
        paidOn: '2025-01-10',
      });
    await eventually(
      async () => (await h.db('payments.quotas').whereIn('id', quotas).where({ status: 'ACTIVE' })).length === 6,
    );
    const { balances } = await h.api.getFundBalances({ groupId });
    await h.groupsApi.constituteGroup({
      groupId,
      assemblyId: newId(),
      commonFundCentavos: balances!.commonFundCentavos,
      reserveFundCentavos: balances!.reserveFundCentavos,
    });
    const leaving = quotas[5]!;
    const { nextVersion } = await h.groupsApi.requestWithdrawal({ quotaId: leaving });
    const { member } = await h.groupsApi.createMember({
      kind: 1,
      document: '11144477735',
      name: 'Comprador da Cota',
      email: '',
      phone: '',
      spouseMemberId: '',
    });
    const { quota } = await h.groupsApi.enrollQuota(
      enrollment(groupId, member!.memberId, { number: nextVersion!.number }),
    );
    await eventually(
      async () => (await h.db('payments.installments').where({ quota_id: quota!.quotaId })).length === 1,
    );
    const replacement = await h.db('payments.quotas').where({ id: quota!.quotaId }).first();
    assert.equal(replacement.version, 2);
    // One assembly held (the constitution): 5 installments from period 2, the whole plan spread over them.
    assert.deepEqual([replacement.first_period, replacement.installment_count], [2, 5]);
    assert.deepEqual([BigInt(replacement.regular_fc_pct), BigInt(replacement.paid_fc_pct)], [200_000n, 0n]);
    const installment = await h.db('payments.installments').where({ quota_id: quota!.quotaId }).first();
    assert.equal(installment.period, 2);
    assert.equal(BigInt(installment.billed_fc), 120_000n);
  });
});
