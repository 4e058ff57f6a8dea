import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { AdjustmentApplied } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  AmortizationMode,
  BidWon,
  ContemplationType,
  ExcludedRefundDrawn,
  QuotaContemplated,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { newId } from '@consorcio/shared/ids';
import { applyPct, roundHalfUp } from '@consorcio/shared/money';
import { bidMoney, excludedRefund, planTotals } from '../../src/domain';
import { activeGroup, amountDueOn, eventually, startPaymentsHarness, type PaymentsHarness } from './harness';

type GrpcError = { code: status; details: string };
const RATES = { adminFeeTotalPct: 180_000n, adminFeeUpfrontPct: 0n, reserveFundTotalPct: 24_000n };

describe('payments: the money of bids, prepayments, refunds, income, revaluation, closing and corrections', function () {
  this.timeout(120_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(async () => h?.stop());

  const quotaRow = (id: string) => h.db('payments.quotas').where({ id }).first();
  const ref = async (id: string) => {
    const q = await quotaRow(id);
    return { groupId: q.group_id as string, quotaId: id, number: q.number as number, version: q.version as number };
  };
  const entries = (groupId: string, kind: string) =>
    h.db('payments.journal_entries').where({ group_id: groupId, kind });
  const clean = async (groupId: string) =>
    assert.deepEqual((await h.api.reconcileBalances({ groupId })).differences, []);

  it('prepays one installment: E6 for applyPct(C, pct), and the term shrinks by one (REDUCE_TERM)', async () => {
    const { groupId, quotas } = await activeGroup(h);
    const quotaId = quotas[0]!;
    const pct = 200_666n; // one regular installment: 16.6666 % + 3.0000 % + 0.4000 %
    const amount = applyPct(600_000n, pct);
    const r = await h.api.prepay({
      quotaId,
      idempotencyKey: 'prepay-0001',
      pct,
      amortizationMode: 'REDUCE_TERM',
      amountCentavos: amount,
      paidOn: '2025-01-20',
    });
    assert.equal(r.amountCentavos, 120_400n);
    assert.equal(r.installmentsRemaining, 4);
    const again = await h.api.prepay({
      quotaId,
      idempotencyKey: 'prepay-0001',
      pct,
      amortizationMode: 'REDUCE_TERM',
      amountCentavos: amount,
      paidOn: '2025-01-20',
    });
    assert.equal(again.amountCentavos, 120_400n);
    assert.equal((await entries(groupId, 'E6')).length, 2); // group and administrator books, once
    const q = await quotaRow(quotaId);
    assert.equal(q.installment_count, 4);
    assert.equal(q.first_period, 2);
    const { statement } = await h.api.getStatement({ quotaId, asOf: '2025-01-20' });
    const plan = planTotals(RATES);
    const remaining = statement!.remainingPercentages!;
    assert.equal(remaining.fcPct + remaining.afPct + remaining.frPct, plan.fc + plan.af + plan.fr - 2n * pct);
    await assert.rejects(
      h.api.prepay({
        quotaId,
        idempotencyKey: 'prepay-0002',
        pct,
        amortizationMode: 'REDUCE_TERM',
        amountCentavos: amount - 1n,
        paidOn: '2025-01-20',
      }),
      (err: GrpcError) => err.code === status.FAILED_PRECONDITION && /costs 120400 centavos/.test(err.details),
    );
    await clean(groupId);
  });

  it("takes a winning bid's own part (E6), then books the contemplation (E7) and amortizes the whole bid", async () => {
    const { groupId, quotas } = await activeGroup(h);
    const quotaId = quotas[1]!;
    const assemblyId = newId();
    const plan = planTotals(RATES);
    const q = await quotaRow(quotaId);
    const remaining = {
      fc: plan.fc - BigInt(q.paid_fc_pct),
      af: plan.af - BigInt(q.paid_af_pct),
      fr: plan.fr - BigInt(q.paid_fr_pct),
    };
    const money = bidMoney({ creditValue: 600_000n, bidPct: 300_000n, embeddedPct: 0n, remaining });
    const split = { fcCentavos: money.ownSplit.fc, afCentavos: money.ownSplit.af, frCentavos: money.ownSplit.fr };
    await h.emit(
      'draws.bid.won',
      'consorcio.events.v1.BidWon',
      BidWon.encode({
        assemblyId,
        quota: await ref(quotaId),
        period: 1,
        bidPct: 300_000n,
        embeddedPct: 0n,
        ownCentavos: money.own,
        ownSplit: split,
        paymentDeadline: '2025-01-24',
      }).finish(),
      quotaId,
    );
    await eventually(async () => (await h.db('payments.bid_charges').where({ assembly_id: assemblyId })).length === 1);
    await assert.rejects(
      h.api.payBid({
        quotaId,
        assemblyId,
        idempotencyKey: 'bid-pay-0001',
        amountCentavos: money.own - 1n,
        paidOn: '2025-01-22',
      }),
      (err: GrpcError) => err.code === status.FAILED_PRECONDITION && /own part is 180000/.test(err.details),
    );
    const paid = await h.api.payBid({
      quotaId,
      assemblyId,
      idempotencyKey: 'bid-pay-0001',
      amountCentavos: money.own,
      paidOn: '2025-01-22',
    });
    assert.equal(paid.ownCentavos, 180_000n);
    await eventually(() => h.published.some((m) => m.key === 'payments.bid.paid'));
    const contemplationId = newId();
    await h.emit(
      'draws.quota.contemplated',
      'consorcio.events.v1.QuotaContemplated',
      QuotaContemplated.encode({
        contemplationId,
        assemblyId,
        quota: await ref(quotaId),
        type: ContemplationType.CONTEMPLATION_TYPE_FREE_BID,
        period: 1,
        creditValueCentavos: 600_000n,
        bidPct: 300_000n,
        embeddedPct: 0n,
        embeddedSplit: { fcCentavos: 0n, afCentavos: 0n, frCentavos: 0n },
        ownCentavos: money.own,
        ownSplit: split,
        netCostCentavos: money.netCost,
        reserveUsedCentavos: 0n,
        amortizationMode: AmortizationMode.AMORTIZATION_MODE_REDUCE_TERM,
      }).finish(),
      quotaId,
    );
    await eventually(async () => (await quotaRow(quotaId)).status === 'CONTEMPLATED');
    const [e7] = await entries(groupId, 'E7');
    const lines = await h.db('payments.journal_lines').where({ entry_id: e7.id }).orderBy('id');
    assert.deepEqual(
      lines.map((l: { account: string; subledger: string | null; debit: bigint; credit: bigint }) => [
        l.account,
        l.subledger,
        BigInt(l.debit),
        BigInt(l.credit),
      ]),
      [
        ['COMMON_FUND', null, 600_000n, 0n],
        ['CREDITS_PAYABLE', contemplationId, 0n, 600_000n],
      ],
    );
    const after = await quotaRow(quotaId);
    // 30 % over 5 remaining installments of 20.0666 %: ⌊300000 / 200666⌋ = 1 paid off → 4 left.
    assert.equal(after.installment_count, 4);
    assert.equal(
      BigInt(after.paid_fc_pct) + BigInt(after.paid_af_pct) + BigInt(after.paid_fr_pct),
      200_666n + 300_000n,
    );
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.creditsPayableCentavos, 600_000n);
    await clean(groupId);
  });

  it('awards an excluded record its refund (E12) and pays it once (E13)', async () => {
    const { groupId, quotas } = await activeGroup(h);
    const quotaId = quotas[2]!;
    await h.groupsApi.requestWithdrawal({ quotaId });
    await eventually(async () => (await quotaRow(quotaId)).status === 'EXCLUDED');
    const q = await quotaRow(quotaId);
    const refund = excludedRefund({
      creditValue: 600_000n,
      fcPaidPct: BigInt(q.paid_fc_pct),
      exclusionPenaltyPct: 100_000n,
    });
    await h.emit(
      'draws.excluded.refund_drawn',
      'consorcio.events.v1.ExcludedRefundDrawn',
      ExcludedRefundDrawn.encode({
        assemblyId: newId(),
        quota: await ref(quotaId),
        grossCentavos: refund.gross,
        penaltyCentavos: refund.penalty,
        netCentavos: refund.net,
      }).finish(),
      quotaId,
    );
    await eventually(async () => (await quotaRow(quotaId)).status === 'REFUND_AWARDED');
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.refundsPayableCentavos, refund.net);
    const paid = await h.api.payRefund({ quotaId, idempotencyKey: 'refund-pay-01', paidOn: '2025-02-01' });
    assert.equal(paid.amountCentavos, refund.net);
    const again = await h.api.payRefund({ quotaId, idempotencyKey: 'refund-pay-01', paidOn: '2025-02-01' });
    assert.equal(again.amountCentavos, refund.net);
    assert.equal((await entries(groupId, 'E13')).length, 1);
    assert.equal((await quotaRow(quotaId)).status, 'REFUNDED');
    await clean(groupId);
  });

  it("allocates a month's income over the funds once (E10), and corrects it only by a reversing entry", async () => {
    const { groupId } = await activeGroup(h);
    const r = await h.api.allocateIncome({ groupId, month: '2025-01', incomeCentavos: 45_001n });
    assert.equal(r.incomeCentavos, 45_001n);
    const again = await h.api.allocateIncome({ groupId, month: '2025-01', incomeCentavos: 45_001n });
    assert.equal(again.buckets, 0);
    const [e10] = await entries(groupId, 'E10');
    const lines = await h.db('payments.journal_lines').where({ entry_id: e10.id });
    // 600 000 in the common fund and 14 400 in the reserve share 45 001: floors 43 946 and 1 054, the extra centavo to
    // the larger remainder (the reserve's .7).
    const credits = Object.fromEntries(
      lines.filter((l) => BigInt(l.credit) > 0n).map((l) => [l.account, BigInt(l.credit)]),
    );
    assert.deepEqual(credits, { COMMON_FUND: 43_946n, RESERVE_FUND: 1_055n });
    await assert.rejects(
      h.api.reverseEntry({ entryId: e10.entry_id, reason: 'wrong month' }, await h.tokens.as(['OPERATOR'])),
      (err: GrpcError) => err.code === status.PERMISSION_DENIED,
    );
    const admin = await h.tokens.as(['ADMIN']);
    const reversal = await h.api.reverseEntry(
      { entryId: e10.entry_id, reason: 'income of February booked as January' },
      admin,
    );
    const rev = await h.db('payments.journal_entries').where({ entry_id: reversal.reversalEntryId }).first();
    assert.equal(rev.reverses_entry_id, e10.entry_id);
    assert.equal(rev.kind, 'E10');
    await assert.rejects(
      h.api.reverseEntry({ entryId: e10.entry_id, reason: 'income of February booked as January' }, admin),
      (err: GrpcError) => err.code === status.FAILED_PRECONDITION && /already reversed/.test(err.details),
    );
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.commonFundCentavos, 600_000n);
    await clean(groupId);
  });

  it('revalues the fund after an index adjustment: the reserve covers what it can (E14), the rest is billed', async () => {
    const { groupId, quotas } = await activeGroup(h);
    const idx = 45_678n; // +4.5678 %
    const newC = 627_407n;
    await h.emit(
      'credit.adjustment.applied',
      'consorcio.events.v1.AdjustmentApplied',
      AdjustmentApplied.encode({
        groupId,
        firstPeriod: 2,
        indexVariationPct: idx,
        previousCreditValueCentavos: 600_000n,
        newCreditValueCentavos: newC,
        effectiveOn: '2025-01-25',
      }).finish(),
      groupId,
    );
    await eventually(async () => (await entries(groupId, 'E14')).length === 1);
    const d = roundHalfUp(600_000n * idx, 1_000_000n); // 27 407
    const reserve = 14_400n;
    const apportioned = d - reserve; // 13 007 over 6 records: 2 168 × 5 + 2 167, the first (by number) get the extra centavo
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    const billed = await h.db('payments.installments').where({ group_id: groupId, period: 2 });
    assert.equal(billed.length, 6);
    const lines = billed.map((i) => BigInt(i.fund_revaluation));
    assert.equal(
      lines.reduce((a, b) => a + b, 0n),
      apportioned,
    );
    assert.ok(lines.every((l) => l === 2_167n || l === 2_168n));
    assert.ok(billed.every((i) => BigInt(i.billed_credit_value) === newC));
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.reserveFundCentavos, 0n);
    assert.equal(balances!.commonFundCentavos, 600_000n + reserve);
    const quotaId = quotas[0]!;
    const amount = await amountDueOn(h, quotaId, '2025-02-05');
    await h.api.recordPayment({
      quotaId,
      idempotencyKey: 'reval-pay-01',
      amountCentavos: amount,
      paidOn: '2025-02-05',
    });
    await clean(groupId);
  });

  it("distributes the closing: open installments cancelled, FC returned at C_T, the funds' remainders allocated (E16)", async () => {
    const { groupId, quotas } = await activeGroup(h);
    await h.api.allocateIncome({ groupId, month: '2025-01', incomeCentavos: 1_001n });
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    await assert.rejects(
      h.api.distributeClosing({ groupId, closedOn: '' }),
      (err: GrpcError) => err.code === status.FAILED_PRECONDITION,
    );
    await h.groupsApi.recordLastAssembly({ groupId, assemblyId: newId(), heldOn: '2025-02-10' });
    await eventually(
      async () => (await h.db('payments.groups').where({ id: groupId, status: 'WINDING_UP' })).length === 1,
    );
    const d = await h.api.distributeClosing({ groupId, closedOn: '2025-02-20' });
    // Each of the 6 records paid 16.6666 % FC: applyPct(600 000, 166 666) = 100 000 back; the common fund had
    // 600 000 + its income share, so the income is what remains, over the same 6 records.
    assert.equal(d.fcReturnedCentavos, 600_000n);
    assert.equal(d.commonFundLeftCentavos, 0n);
    assert.equal(d.reserveFundLeftCentavos, 0n);
    assert.equal((await h.db('payments.installments').where({ group_id: groupId, status: 'OPEN' })).length, 0);
    const { balances } = await h.api.getFundBalances({ groupId });
    assert.equal(balances!.commonFundCentavos, 0n);
    assert.equal(balances!.reserveFundCentavos, 0n);
    const payable = await h
      .db('payments.account_balances')
      .where({ book: 'GROUP', group_key: groupId, account: 'MEMBER_BALANCES_PAYABLE' })
      .first();
    assert.equal(BigInt(payable.credit), 6n * 120_400n - 6n * 18_000n + 1_001n); // FC + FR paid, plus the income
    await assert.rejects(h.api.distributeClosing({ groupId, closedOn: '2025-02-20' }), (err: GrpcError) =>
      /already distributed/.test(err.details),
    );
    assert.ok(quotas.length === 6);
    await clean(groupId);
  });
});
