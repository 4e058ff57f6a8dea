import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { newId } from '@consorcio/shared/ids';
import {
  amountDueOn,
  enrollMembers,
  eventually,
  publishedGroup,
  startPaymentsHarness,
  type PaymentsHarness,
} from './harness';

type GrpcError = { code: number; details: string };
const rejectsWith = (p: Promise<unknown>, code: number, pattern: RegExp) =>
  assert.rejects(p, (err: GrpcError) => {
    assert.equal(err.code, code, err.details);
    assert.match(err.details, pattern);
    return true;
  });

describe('payments: bad input, and who may see what', function () {
  this.timeout(60_000);
  let h: PaymentsHarness;
  let groupId: string;
  let quotaId: string;
  before(async () => {
    h = await startPaymentsHarness();
    groupId = await publishedGroup(h);
    [quotaId] = (await enrollMembers(h, groupId, 1)) as [string];
  });
  after(async () => h?.stop());

  const counts = async () => ({
    payments: (await h.db('payments.payments')).length,
    entries: (await h.db('payments.journal_entries')).length,
    outbox: (await h.db('payments.outbox')).length,
  });

  it('names the field and the rule of a bad payment, and writes nothing', async () => {
    const before = await counts();
    const pay = (over: Record<string, unknown>) =>
      h.api.recordPayment({
        quotaId,
        idempotencyKey: 'valid-key-001',
        amountCentavos: 100n,
        paidOn: '2025-01-10',
        ...over,
      });
    await rejectsWith(pay({ amountCentavos: 0n }), status.INVALID_ARGUMENT, /amount_centavos.*> 0/);
    await rejectsWith(pay({ amountCentavos: -5n }), status.INVALID_ARGUMENT, /amount_centavos/);
    await rejectsWith(pay({ idempotencyKey: 'short' }), status.INVALID_ARGUMENT, /idempotency_key.*8\.\.128/);
    await rejectsWith(pay({ idempotencyKey: '' }), status.INVALID_ARGUMENT, /idempotency_key.*required/);
    await rejectsWith(pay({ paidOn: '2025-02-30' }), status.INVALID_ARGUMENT, /paid_on/);
    await rejectsWith(pay({ quotaId: 'not-a-uuid' }), status.INVALID_ARGUMENT, /quota_id/);
    await rejectsWith(pay({ quotaId: newId() }), status.NOT_FOUND, /quota/);
    await rejectsWith(
      pay({ amountCentavos: 100n }),
      status.FAILED_PRECONDITION,
      /expected \d+ centavos .*received 100 centavos/,
    );
    assert.deepEqual(await counts(), before);
  });

  it('refuses to bill or charge what the domain does not allow', async () => {
    await rejectsWith(
      h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' }),
      status.FAILED_PRECONDITION,
      /FORMING.*ACTIVE/,
    );
    await rejectsWith(
      h.api.runBilling({ groupId, period: 99, dueOn: '2025-02-05' }),
      status.INVALID_ARGUMENT,
      /period/,
    );
    await rejectsWith(
      h.api.runBilling({ groupId: newId(), period: 2, dueOn: '2025-02-05' }),
      status.NOT_FOUND,
      /group/,
    );
    await rejectsWith(h.api.issueCharge({ quotaId, method: 0, dueOn: '' }), status.INVALID_ARGUMENT, /method/);
    await rejectsWith(
      h.api.issueCharge({ quotaId, method: 1, dueOn: '2020-01-01' }),
      status.INVALID_ARGUMENT,
      /due_on/,
    );
  });

  it('answers many records’ percentages in one call, as each one’s statement does, leaving unknown ids out', async () => {
    const { statement } = await h.api.getStatement({ quotaId, asOf: '' });
    const unknown = '01930000-0000-7000-8000-00000000dead';
    const { records } = await h.api.batchGetRecordPercentages({ quotaIds: [quotaId, unknown] });
    assert.deepEqual(records, [
      { quotaId, paid: statement!.paidPercentages, remaining: statement!.remainingPercentages },
    ]);
    await rejectsWith(
      h.api.batchGetRecordPercentages({ quotaIds: ['nope'] }),
      status.INVALID_ARGUMENT,
      /quota_ids\[0\]/,
    );
    const member = await h.tokens.as(['MEMBER'], 'someone');
    await rejectsWith(
      h.api.batchGetRecordPercentages({ quotaIds: [quotaId] }, member),
      status.PERMISSION_DENIED,
      /role/,
    );
  });

  it('lets a member read only their own installments and statement', async () => {
    const quota = await h.db('payments.quotas').where({ id: quotaId }).first();
    const own = await h.api.listInstallments(
      { quotaId, page: undefined },
      await h.tokens.as(['MEMBER'], quota.member_id),
    );
    assert.equal(own.installments.length, 1);
    await rejectsWith(
      h.api.listInstallments({ quotaId, page: undefined }, await h.tokens.as(['MEMBER'], newId())),
      status.PERMISSION_DENIED,
      /./,
    );
    await rejectsWith(
      h.api.getStatement({ quotaId, asOf: '' }, await h.tokens.as(['MEMBER'], newId())),
      status.PERMISSION_DENIED,
      /./,
    );
    await rejectsWith(
      h.api.recordPayment(
        { quotaId, idempotencyKey: 'member-paying-1', amountCentavos: 1n, paidOn: '2025-01-10' },
        await h.tokens.as(['MEMBER'], quota.member_id),
      ),
      status.PERMISSION_DENIED,
      /./,
    );
    await rejectsWith(
      h.api.getFundBalances({ groupId }, await h.tokens.as(['MEMBER'], quota.member_id)),
      status.PERMISSION_DENIED,
      /./,
    );
    const audited = await h.api.getFundBalances({ groupId }, await h.tokens.as(['AUDITOR']));
    assert.equal(audited.balances!.groupId, groupId);
  });

  it('refuses a payment of an installment of a cancelled group, and cancels its open installments', async () => {
    const g = await publishedGroup(h);
    const [q] = (await enrollMembers(h, g, 1)) as [string];
    const amount = await amountDueOn(h, q, '2025-01-10');
    await h.groupsApi.cancelGroup({ groupId: g, reason: 'test cancellation' });
    await eventually(async () => (await h.db('payments.groups').where({ id: g, status: 'CANCELLED' })).length === 1);
    await rejectsWith(
      h.api.recordPayment({
        quotaId: q,
        idempotencyKey: 'cancelled-group-1',
        amountCentavos: amount,
        paidOn: '2025-01-10',
      }),
      status.FAILED_PRECONDITION,
      /cancelled/,
    );
    const installment = await h.db('payments.installments').where({ quota_id: q }).first();
    assert.equal(installment.status, 'CANCELLED');
    const e11 = await h.db('payments.journal_entries').where({ group_id: g, kind: 'E11' });
    assert.equal(e11.length, 1);
    assert.equal((await h.db('payments.payments').where({ quota_id: q })).length, 0);
  });
});
