import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { activeGroup, amountDueOn, eventually, startPaymentsHarness, type PaymentsHarness } from './harness';

describe("payments: billing and payments through groups' events", function () {
  this.timeout(60_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(async () => h?.stop());

  it('bills installment 1 at enrollment, activates records on payment, and books every centavo', async () => {
    const { groupId, quotas } = await activeGroup(h);
    const first = await h.db('payments.installments').where({ quota_id: quotas[0] }).first();
    // 6 installments of 16.6666 % FC, 3.0000 % AF (18 % / 6), 0.4000 % FR on C = 600 000: 100 000 + 18 000 + 2 400.
    assert.equal(first.number, 1);
    assert.equal(BigInt(first.billed_total), 120_400n);
    assert.equal(first.status, 'PAID');
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.commonFundCentavos, 6n * 100_000n);
    assert.equal(balances!.reserveFundCentavos, 6n * 2_400n);
    assert.equal(balances!.bankCentavos, 6n * 120_400n);
    const paid = h.published.filter((m) => m.key === 'payments.installment.paid').length;
    assert.ok(paid >= 6);
    const report = await h.api.reconcileBalances({ groupId });
    assert.deepEqual(report.differences, []);
    assert.ok(report.accountsChecked > 0);
  });

  it('bills a period once: a rerun bills nothing new', async () => {
    const { groupId, quotas } = await activeGroup(h);
    const run = await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    assert.deepEqual({ billed: run.billed, alreadyBilled: run.alreadyBilled }, { billed: 6, alreadyBilled: 0 });
    const again = await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    assert.deepEqual({ billed: again.billed, alreadyBilled: again.alreadyBilled }, { billed: 0, alreadyBilled: 6 });
    const rows = await h.db('payments.installments').where({ group_id: groupId, period: 2 });
    assert.equal(rows.length, 6);
    const e2 = await h.db('payments.journal_entries').where({ group_id: groupId, kind: 'E2' });
    assert.equal(e2.length, 12); // installment 1 at enrollment + period 2, for 6 records
    const { installments } = await h.api.listInstallments({ quotaId: quotas[0]!, page: undefined });
    assert.deepEqual(
      installments.map((i) => [i.period, i.dueOn, i.effectiveDueOn]),
      [
        [1, '2025-01-10', '2025-01-10'],
        [2, '2025-02-05', '2025-02-05'],
      ],
    );
    await assert.rejects(
      h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-06' }),
      (err: { code: number; details: string }) => {
        assert.equal(err.code, status.FAILED_PRECONDITION);
        assert.match(err.details, /billed due on 2025-02-05/);
        return true;
      },
    );
  });

  it('charges late fees on a late payment, splits them 50/50 and posts E3 and E4', async () => {
    const { groupId, quotas } = await activeGroup(h);
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    const quotaId = quotas[0]!;
    // Due Wednesday 05/02/2025, paid Monday 17/02: 12 days late.
    const amount = await amountDueOn(h, quotaId, '2025-02-17');
    // 120 400 + fine 2 408 + interest roundHalfUp(120400 × 10000 × 12 / 30 000 000) = 482.
    assert.equal(amount, 120_400n + 2_408n + 482n);
    const { payment } = await h.api.recordPayment({
      quotaId,
      idempotencyKey: 'late-pay-0001',
      amountCentavos: amount,
      paidOn: '2025-02-17',
    });
    assert.equal(payment!.onTime, false);
    assert.equal(payment!.lateFineCentavos, 2_408n);
    assert.equal(payment!.lateInterestCentavos, 482n);
    assert.equal(payment!.adminShareCentavos, 1_445n);
    assert.equal(payment!.groupShareCentavos, 1_445n);
    const kinds = (await h.db('payments.journal_entries').where({ cause: `payment:${payment!.paymentId}` })).map(
      (e) => `${e.book}:${e.kind}`,
    );
    assert.deepEqual(kinds.sort(), ['ADMINISTRATOR:E3', 'ADMINISTRATOR:E4', 'GROUP:E3', 'GROUP:E4']);
    const report = await h.api.reconcileBalances({ groupId: '' });
    assert.deepEqual(report.differences, []);
  });

  it('answers a retried key with the first payment and refuses the same key for another amount', async () => {
    const { groupId, quotas } = await activeGroup(h);
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    const quotaId = quotas[1]!;
    const amount = await amountDueOn(h, quotaId, '2025-02-05');
    const a = await h.api.recordPayment({
      quotaId,
      idempotencyKey: 'bank-rec-000042',
      amountCentavos: amount,
      paidOn: '2025-02-05',
    });
    const b = await h.api.recordPayment({
      quotaId,
      idempotencyKey: 'bank-rec-000042',
      amountCentavos: amount,
      paidOn: '2025-02-05',
    });
    assert.equal(b.payment!.paymentId, a.payment!.paymentId);
    await assert.rejects(
      h.api.recordPayment({
        quotaId,
        idempotencyKey: 'bank-rec-000042',
        amountCentavos: amount + 1n,
        paidOn: '2025-02-05',
      }),
      (err: { code: number; details: string }) => {
        assert.equal(err.code, status.FAILED_PRECONDITION);
        assert.match(err.details, /bank-rec-000042/);
        return true;
      },
    );
    assert.equal((await h.db('payments.payments').where({ idempotency_key: 'bank-rec-000042' })).length, 1);
  });

  it('marks a record delinquent after its effective due date and current again once paid', async () => {
    const { groupId, quotas } = await activeGroup(h);
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    h.clock.set('2025-02-07T12:00:00Z');
    const run = await h.api.evaluateDelinquency({ on: '2025-02-06' });
    assert.ok(run.delinquent >= 6);
    await eventually(
      async () => (await h.db('groups.quotas').whereIn('id', quotas).where({ status: 'DELINQUENT' })).length === 6,
    );
    const again = await h.api.evaluateDelinquency({ on: '2025-02-06' });
    assert.equal(again.delinquent, 0);
    const quotaId = quotas[2]!;
    await h.api.recordPayment({
      quotaId,
      idempotencyKey: 'late-delinquent-1',
      amountCentavos: await amountDueOn(h, quotaId, '2025-02-07'),
      paidOn: '2025-02-07',
    });
    await eventually(async () => (await h.db('groups.quotas').where({ id: quotaId, status: 'ACTIVE' })).length === 1);
    h.clock.set('2025-01-10T15:00:00Z');
  });
});
