import assert from 'node:assert/strict';
import { newId } from '@consorcio/shared/ids';
import {
  amountDueOn,
  enrollMembers,
  eventually,
  publishedGroup,
  startPaymentsHarness,
  type PaymentsHarness,
} from './harness';

describe('payments: the calendar runs itself (billing and delinquency reminders) up to an exclusion', function () {
  this.timeout(120_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(async () => h?.stop());

  it('bills each period on its billing date, and a record three installments behind is excluded and owes nothing more', async () => {
    const groupId = await publishedGroup(h, { creditValueCentavos: 600_000n, termMonths: 6, maxQuotas: 10 });
    const quotas = await enrollMembers(h, groupId, 6);
    for (const quotaId of quotas)
      await h.api.recordPayment({
        quotaId,
        idempotencyKey: `first-${quotaId}`,
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
    await eventually(async () => (await h.db('payments.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);

    // Period 2 is due 05/02 and billed on 26/01.
    h.clock.set('2025-01-26T09:30:00Z');
    await eventually(
      async () => (await h.db('payments.installments').where({ group_id: groupId, period: 2 })).length === 6,
      20_000,
    );
    const run = await h.db('payments.billing_runs').where({ group_id: groupId, period: 2 }).first();
    assert.equal(run.due_on, '2025-02-05');

    // Everyone but the last member keeps paying; the last pays nothing from period 2 on. Periods 3 and 4 are due 05/03
    // and 05/04 (a Saturday → effective Monday 07/04); the third overdue installment counts from 08/04.
    const [defaulter] = quotas.slice(-1) as [string];
    for (const [date, period] of [
      ['2025-02-05', 2],
      ['2025-03-05', 3],
      ['2025-04-04', 4],
    ] as const) {
      h.clock.set(`${date}T12:00:00Z`);
      await eventually(
        async () => (await h.db('payments.installments').where({ group_id: groupId, period })).length === 6,
        20_000,
      );
      for (const quotaId of quotas.slice(0, -1))
        await h.api.recordPayment({
          quotaId,
          idempotencyKey: `p${period}-${quotaId}`,
          amountCentavos: await amountDueOn(h, quotaId, date),
          paidOn: date,
        });
    }
    h.clock.set('2025-04-08T12:00:00Z');
    await eventually(
      async () => (await h.db('groups.quotas').where({ id: defaulter, status: 'EXCLUDED' })).length === 1,
      30_000,
    );
    await eventually(
      async () => (await h.db('payments.quotas').where({ id: defaulter, status: 'EXCLUDED' })).length === 1,
    );
    const open = await h.db('payments.installments').where({ quota_id: defaulter, status: 'OPEN' });
    assert.equal(open.length, 0);
    const cancelled = await h
      .db('payments.installments')
      .where({ quota_id: defaulter, status: 'CANCELLED' })
      .orderBy('period');
    assert.deepEqual(
      cancelled.map((i: { period: number }) => i.period),
      [2, 3, 4],
    );
    const excluded = await h.db('groups.quotas').where({ id: defaulter }).first();
    assert.equal(excluded.excluded_on, '2025-04-08');
    // The others were never delinquent.
    assert.equal(
      (await h.db('payments.quotas').whereIn('id', quotas.slice(0, -1)).where({ standing: 'DELINQUENT' })).length,
      0,
    );
    const report = await h.api.reconcileBalances({ groupId });
    assert.deepEqual(report.differences, []);
  });
});
