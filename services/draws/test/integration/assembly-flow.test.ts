import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { BidMode, BidStatus, type AssemblyMinutes } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { activeGroup, amountDueOn, eventually } from '../../../payments/test/integration/harness';
import { LetterCancelled } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import { eligibleSeats } from '../../src/app/eligible-seats';
import { startDrawsHarness, type DrawsHarness } from './harness';

type GrpcError = { code: status; details: string };
const refused = (code: status, pattern: RegExp) => (err: GrpcError) => {
  assert.equal(err.code, code, err.details);
  assert.match(err.details, pattern);
  return true;
};

describe('draws: one assembly from the calendar to the minutes', function () {
  this.timeout(120_000);
  let h: DrawsHarness;
  let groupId: string;
  let quotas: string[];
  let assemblyId: string;
  let minutes: AssemblyMinutes;
  const member = async (quotaId: string) =>
    (await h.db('draws.quotas').where({ id: quotaId }).first()).member_id as string;

  before(async () => {
    h = await startDrawsHarness({ replicas: 2 });
    ({ groupId, quotas } = await activeGroup(h));
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    for (const quotaId of quotas)
      await h.api.recordPayment({
        quotaId,
        idempotencyKey: `p2-${quotaId}`,
        amountCentavos: await amountDueOn(h, quotaId, '2025-02-05'),
        paidOn: '2025-02-05',
      });
    await eventually(
      async () => (await h.db('draws.installments').whereIn('quota_id', quotas).whereNotNull('paid_on')).length === 12,
    );
    await eventually(async () => (await h.db('draws.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
    // Period 2's assembly opened by itself with its billing (26/01, the calendar's reminder, D-25).
    h.clock.set('2025-02-06T12:00:00Z');
  });
  after(async () => h?.stop());

  it('opens the assembly on the group calendar, once: deadline Friday 07/02 18:00, extraction Saturday 08/02', async () => {
    await eventually(
      async () =>
        (await h.db('draws.assemblies').where({ group_id: groupId, period: 2, status: 'BIDDING_OPEN' })).length === 1,
    );
    const request = {
      groupId,
      period: 2,
      bidDeadline: new Date('2025-02-10T20:00:00Z'),
      extractionDate: '2025-02-12',
      assemblyDate: '2025-02-13',
    };
    const { assembly } = await h.drawsApi.scheduleAssembly(request);
    const again = await h.drawsApis[1]!.scheduleAssembly(request);
    assert.equal(again.assembly!.assemblyId, assembly!.assemblyId);
    assert.equal(assembly!.bidDeadline!.toISOString(), '2025-02-07T21:00:00.000Z');
    assert.deepEqual([assembly!.extractionDate, assembly!.assemblyDate], ['2025-02-08', '2025-02-10']);
    assemblyId = assembly!.assemblyId;
    await h.drawsApi.openBidding({ assemblyId });
  });

  it('answers one assembly to schedules of the same period racing each other (calendar and operators)', async () => {
    const request = {
      groupId,
      period: 3,
      bidDeadline: new Date('2025-03-07T21:00:00Z'),
      extractionDate: '2025-03-08',
      assemblyDate: '2025-03-10',
    };
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.drawsApis[i % h.drawsApis.length]!.scheduleAssembly(request)),
    );
    const ids = new Set(answers.map((a) => a.assembly!.assemblyId));
    assert.equal(ids.size, 1, 'every caller gets the same assembly');
    assert.equal((await h.db('draws.assemblies').where({ group_id: groupId, period: 3 })).length, 1);
    const scheduled = await h
      .db('draws.outbox')
      .where({ event_type: 'draws.assembly.scheduled', aggregate_id: [...ids][0]! })
      .count<{ count: string }[]>({ count: '*' });
    assert.equal(Number(scheduled[0]!.count), 1, 'and one draws.assembly.scheduled');
  });

  it("takes sealed bids from members for their own records, and supersedes a member's earlier bid", async () => {
    const [a, b] = quotas as [string, string];
    const asA = await h.tokens.as(['MEMBER'], await member(a));
    const asB = await h.tokens.as(['MEMBER'], await member(b));
    const first = await h.drawsApi.placeBid(
      { assemblyId, quotaId: a, mode: BidMode.BID_MODE_FREE, bidPct: 200_000n, embeddedPct: 0n, amortizationMode: '' },
      asA,
    );
    await h.drawsApi.placeBid(
      { assemblyId, quotaId: a, mode: BidMode.BID_MODE_FREE, bidPct: 300_000n, embeddedPct: 0n, amortizationMode: '' },
      asA,
    );
    await h.drawsApi.placeBid(
      {
        assemblyId,
        quotaId: b,
        mode: BidMode.BID_MODE_FREE,
        bidPct: 400_000n,
        embeddedPct: 0n,
        amortizationMode: 'REDUCE_INSTALLMENT',
      },
      asB,
    );
    const own = await h.drawsApi.listBids({ assemblyId, quotaId: a }, asA);
    assert.deepEqual(
      own.bids.map((x) => [x.bidPct, x.status]),
      [
        [300_000n, BidStatus.BID_STATUS_SUBMITTED],
        [200_000n, BidStatus.BID_STATUS_SUPERSEDED],
      ],
    );
    assert.match(first.bid!.commitment, /^[0-9a-f]{64}$/);
    await assert.rejects(
      h.drawsApi.placeBid(
        {
          assemblyId,
          quotaId: a,
          mode: BidMode.BID_MODE_FREE,
          bidPct: 300_000n,
          embeddedPct: 0n,
          amortizationMode: '',
        },
        asB,
      ),
      refused(status.PERMISSION_DENIED, /./),
    );
  });

  it('keeps bids sealed: another member and even an operator cannot read them before the result', async () => {
    const [a, b] = quotas as [string, string];
    await assert.rejects(
      h.drawsApi.listBids({ assemblyId, quotaId: a }, await h.tokens.as(['MEMBER'], await member(b))),
      refused(status.PERMISSION_DENIED, /sealed/),
    );
    await assert.rejects(h.drawsApi.listBids({ assemblyId, quotaId: a }), refused(status.PERMISSION_DENIED, /sealed/));
    await assert.rejects(
      h.drawsApi.listBids({ assemblyId, quotaId: a }, await h.tokens.as(['AUDITOR'])),
      refused(status.PERMISSION_DENIED, /sealed/),
    );
  });

  it('refuses a bid placed one millisecond after the deadline', async () => {
    h.clock.set('2025-02-07T21:00:00.001Z');
    const c = quotas[2]!;
    await assert.rejects(
      h.drawsApi.placeBid(
        {
          assemblyId,
          quotaId: c,
          mode: BidMode.BID_MODE_FREE,
          bidPct: 100_000n,
          embeddedPct: 0n,
          amortizationMode: '',
        },
        await h.tokens.as(['MEMBER'], await member(c)),
      ),
      refused(status.FAILED_PRECONDITION, /bids closed at 2025-02-07T21:00:00.000Z|bidding_not_open|BIDDING_CLOSED/),
    );
  });

  it('freezes the snapshot at the deadline: every record paid on time is eligible, both bids are in the book', async () => {
    // The calendar's reminder closes bidding at the deadline; asking again answers the same snapshot.
    await eventually(
      async () => (await h.db('draws.assemblies').where({ id: assemblyId, status: 'BIDDING_CLOSED' })).length === 1,
    );
    const r = await h.drawsApi.closeBidding({ assemblyId });
    assert.equal(r.eligible, 6);
    assert.equal(r.bids, 2);
    assert.match(r.assembly!.snapshotHash, /^[0-9a-f]{64}$/);
  });

  it('needs a second operator to confirm the lottery result (maker-checker)', async () => {
    const maker = await h.tokens.as(['OPERATOR']);
    const lottery = {
      assemblyId,
      extractionNumber: 5_950,
      extractionDate: '2025-02-12',
      prizes: [12_345, 11_111, 22_222, 33_333, 44_444],
      source: 'loterias.caixa.gov.br, extração 5950',
    };
    await assert.rejects(
      h.drawsApi.runAssembly({ assemblyId }),
      refused(status.FAILED_PRECONDITION, /confirmed by a second operator/),
    );
    await h.drawsApi.enterLotteryResult(lottery, maker);
    await assert.rejects(
      h.drawsApi.confirmLotteryResult({ assemblyId }, maker),
      refused(status.FAILED_PRECONDITION, /maker-checker/),
    );
    const { assembly } = await h.drawsApi.confirmLotteryResult({ assemblyId }, await h.tokens.as(['ADMIN']));
    assert.ok(assembly!.lottery!.confirmedBy);
  });

  it('runs once when two replicas are asked at the same time, and both answer the same minutes', async () => {
    const [r1, r2] = await Promise.all([
      h.drawsApis[0]!.runAssembly({ assemblyId }),
      h.drawsApis[1]!.runAssembly({ assemblyId }),
    ]);
    assert.deepEqual(r1.minutes, r2.minutes);
    assert.equal((await h.db('draws.results').where({ assembly_id: assemblyId })).length, 1);
    minutes = r1.minutes!;
    // N = 10 → two digits: prize 12345 → raw 45 → key 5; S = 5, 6, 4, 7, 3, 8, 2, 9, 1, 10.
    assert.equal(minutes.drawKey, 5);
    const seatOf = async (i: number) => (await h.db('draws.quotas').where({ id: quotas[i] }).first()).number as number;
    const [seatA, seatB] = [await seatOf(0), await seatOf(1)];
    assert.deepEqual(minutes.contemplations.map((c) => [c.type, c.number]).slice(0, 2), [
      ['DRAW', 5],
      ['FREE_BID', seatB],
    ]);
    assert.equal(minutes.bids.find((b) => b.number === seatA)!.outcome, 'ALTERNATE');
  });

  it('books the drawn credit in payments and confirms the bid once its own part is paid', async () => {
    await eventually(
      async () => (await h.db('payments.contemplations').where({ assembly_id: assemblyId })).length === 1,
    );
    const b = quotas[1]!;
    await eventually(
      async () => (await h.db('payments.bid_charges').where({ assembly_id: assemblyId, quota_id: b })).length === 1,
    );
    const charge = await h.db('payments.bid_charges').where({ assembly_id: assemblyId, quota_id: b }).first();
    await h.api.payBid({
      quotaId: b,
      assemblyId,
      idempotencyKey: 'bid-own-000001',
      amountCentavos: BigInt(charge.own),
      paidOn: '2025-02-12',
    });
    await eventually(
      async () => (await h.db('payments.contemplations').where({ assembly_id: assemblyId })).length === 2,
    );
    await eventually(
      async () => (await h.db('draws.assemblies').where({ id: assemblyId, status: 'CLOSED' })).length === 1,
    );
    const bids = await h.drawsApi.listBids({ assemblyId, quotaId: quotas[0]! });
    assert.equal(bids.bids[0]!.status, BidStatus.BID_STATUS_LOST); // public now, and the alternate was never needed
    const report = await h.api.reconcileBalances({ groupId });
    assert.deepEqual(report.differences, []);
    // groups owns the statuses: the drawn record and the bid winner are CONTEMPLATED, and assembly 2 was held.
    await eventually(
      async () => (await h.db('groups.quotas').where({ group_id: groupId, status: 'CONTEMPLATED' })).length === 2,
    );
    await eventually(async () => (await h.db('groups.groups').where({ id: groupId }).first()).assemblies_held === 2);
  });

  it('verifies the published minutes, and finds a changed bid, fund balance or prize digit', async () => {
    const { minutes: published } = await h.drawsApi.getMinutes({ assemblyId });
    const ok = await h.drawsApi.verifyAssembly({ minutes: published });
    assert.deepEqual(ok, { valid: true, mismatches: [] });
    const tamper = async (change: (m: AssemblyMinutes) => void, field: RegExp) => {
      const m = structuredClone(published!);
      change(m);
      const r = await h.drawsApi.verifyAssembly({ minutes: m });
      assert.equal(r.valid, false);
      assert.ok(
        r.mismatches.some((x) => field.test(x.field)),
        JSON.stringify(r.mismatches.map((x) => x.field)),
      );
    };
    await tamper((m) => (m.bids[0]!.bidPct += 1n), /commitment/);
    await tamper((m) => (m.commonFundCentavos -= 1n), /snapshot_hash/);
    await tamper((m) => (m.lottery!.prizes[0] = 12_346), /draw_key|contemplations/);
  });

  it('never makes a contemplated record eligible again, even before groups reports its new status', async () => {
    const contemplated = (
      await h.db('draws.contemplations').where({ assembly_id: assemblyId, status: 'CONFIRMED' })
    ).map((r: { quota_id: string }) => r.quota_id);
    assert.equal(contemplated.length, 2);
    // As if groups' status change had not arrived yet: the projection still says ACTIVE.
    await h.db('draws.quotas').whereIn('id', contemplated).update({ status: 'ACTIVE' });
    const seats = await eligibleSeats(h.db, groupId, 2, '2025-02-07');
    const numbers = (await h.db('draws.quotas').whereIn('id', contemplated)).map((q: { number: number }) => q.number);
    assert.ok(seats.length > 0);
    for (const n of numbers) assert.ok(!seats.includes(n), `seat ${n} was contemplated`);
  });

  it('gives the seat back when the credit letter of a contemplation is cancelled', async () => {
    const drawn = await h.db('draws.contemplations').where({ assembly_id: assemblyId, type: 'DRAW' }).first();
    const quota = await h.db('draws.quotas').where({ id: drawn.quota_id }).first();
    await h.emit(
      'credit.letter.cancelled',
      'consorcio.events.v1.LetterCancelled',
      LetterCancelled.encode({
        letterId: drawn.id,
        quota: { groupId, quotaId: quota.id, number: quota.number, version: quota.version },
        balanceReturnedCentavos: 0n,
        conversionPct: 0n,
      }).finish(),
      drawn.id,
    );
    await eventually(
      async () => (await h.db('draws.contemplations').where({ id: drawn.id }).first()).status === 'CANCELLED',
    );
    assert.ok((await eligibleSeats(h.db, groupId, 2, '2025-02-07')).includes(quota.number));
  });
});
