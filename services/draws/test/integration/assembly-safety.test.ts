import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { BidMode, BidStatus } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import { infraUrls } from '@consorcio/shared/testing';
import { activeGroup, amountDueOn, eventually } from '../../../payments/test/integration/harness';
import type { DrawsDeps } from '../../src/app/deps';
import { runAssemblyCommand } from '../../src/app/run-assembly';
import { startDrawsHarness, type DrawsHarness } from './harness';

/** A group at its period-2 assembly with bids of seats 1 (30 %) and 2 (40 %), closed and with a confirmed result. */
async function assemblyReady(
  h: DrawsHarness,
  month: number,
): Promise<{ assemblyId: string; groupId: string; quotas: string[] }> {
  h.clock.set('2025-01-10T15:00:00Z');
  const { groupId, quotas } = await activeGroup(h);
  await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
  for (const quotaId of quotas)
    await h.api.recordPayment({
      quotaId,
      idempotencyKey: `s${month}-${quotaId}`,
      amountCentavos: await amountDueOn(h, quotaId, '2025-02-05'),
      paidOn: '2025-02-05',
    });
  await eventually(
    async () => (await h.db('draws.installments').whereIn('quota_id', quotas).whereNotNull('paid_on')).length === 12,
  );
  await eventually(async () => (await h.db('draws.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
  // The calendar opens period 2's assembly with its billing (D-25): deadline Friday 07/02 18:00.
  h.clock.set('2025-02-06T12:00:00Z');
  await eventually(
    async () =>
      (await h.db('draws.assemblies').where({ group_id: groupId, period: 2, status: 'BIDDING_OPEN' })).length === 1,
  );
  const assemblyId = (
    (await h.db('draws.assemblies').where({ group_id: groupId, period: 2 }).first()) as { id: string }
  ).id;
  for (const [i, pct] of [
    [0, 300_000n],
    [1, 400_000n],
  ] as const)
    await h.drawsApi.placeBid({
      assemblyId,
      quotaId: quotas[i]!,
      mode: BidMode.BID_MODE_FREE,
      bidPct: pct,
      embeddedPct: 0n,
      amortizationMode: '',
    });
  h.clock.set('2025-02-07T21:00:01Z');
  await eventually(
    async () => (await h.db('draws.assemblies').where({ id: assemblyId, status: 'BIDDING_CLOSED' })).length === 1,
  );
  await h.drawsApi.enterLotteryResult(
    {
      assemblyId,
      extractionNumber: 5_950,
      extractionDate: '2025-02-12',
      prizes: [12_345, 1, 2, 3, 4],
      source: 'loterias.caixa.gov.br',
    },
    await h.tokens.as(['OPERATOR']),
  );
  await h.drawsApi.confirmLotteryResult({ assemblyId }, await h.tokens.as(['ADMIN']));
  return { assemblyId, groupId, quotas };
}

describe('draws: a lost lock, a defaulted bid and its alternate', function () {
  this.timeout(180_000);
  let h: DrawsHarness;
  before(async () => {
    h = await startDrawsHarness({ replicas: 2 });
  });
  after(async () => h?.stop());

  it('refuses the result of a holder whose lock expired while a newer holder published', async () => {
    const { assemblyId } = await assemblyReady(h, 1);
    const base = h.draws[0]!.deps;
    const redis = new Redis(infraUrls('test').redisUrl, LOCK_REDIS_OPTIONS);
    try {
      const stalling = new LockService({ redis, db: base.db, schema: 'draws', ttlMs: 300, maxExtensions: 0 });
      let stalled: () => void = () => undefined;
      const paused = new Promise<void>((r) => (stalled = r));
      const locks = {
        withLock: <T>(resource: string, fn: (fence: bigint, signal: AbortSignal) => Promise<T>) =>
          stalling.withLock(resource, async (fence, signal) => {
            stalled();
            await sleep(900); // a pause past the TTL: Redis hands the lock to the next holder meanwhile
            return fn(fence, signal);
          }),
      } as unknown as LockService;
      const stale: DrawsDeps = { ...base, locks };
      const late = runAssemblyCommand(stale, { correlationId: 'stale', userId: null }, assemblyId);
      await paused;
      await sleep(400);
      const fresh = await h.drawsApis[1]!.runAssembly({ assemblyId });
      await assert.rejects(
        late,
        (err: Error) => err.name === 'ConflictError' && /fencing token \d+ is older/.test(err.message),
      );
      const results = await h.db('draws.results').where({ assembly_id: assemblyId });
      assert.equal(results.length, 1);
      assert.ok(fresh.minutes!.contemplations.length > 0);
    } finally {
      redis.disconnect();
    }
  });

  it('defaults an unpaid winning bid at its deadline and promotes the alternate the freed funds pay for', async () => {
    const { assemblyId, quotas } = await assemblyReady(h, 2);
    const { minutes } = await h.drawsApi.runAssembly({ assemblyId });
    const winner = minutes!.contemplations.find((c) => c.type === 'FREE_BID')!;
    const [seatA] = [(await h.db('draws.quotas').where({ id: quotas[0] }).first()).number as number];
    assert.notEqual(winner.number, seatA);
    // Three business days after Monday 10/02: Thursday 13/02. Past its end the reminder defaults the bid.
    h.clock.set('2025-02-14T12:00:00Z');
    await eventually(
      async () => (await h.db('draws.bids').where({ assembly_id: assemblyId, status: 'DEFAULTED' })).length === 1,
      20_000,
    );
    const promoted = await h.db('draws.bids').where({ assembly_id: assemblyId, quota_id: quotas[0] }).first();
    assert.equal(promoted.status, 'PROMOTED');
    const contemplation = await h
      .db('draws.contemplations')
      .where({ assembly_id: assemblyId, quota_id: quotas[0] })
      .first();
    assert.equal(contemplation.status, 'PENDING');
    assert.equal(contemplation.payment_deadline, '2025-02-19'); // three business days after Friday 14/02
    await eventually(
      async () =>
        (await h.db('payments.bid_charges').where({ assembly_id: assemblyId, quota_id: quotas[0] })).length === 1,
    );
    const bids = await h.drawsApi.listBids({ assemblyId, quotaId: quotas[0]! });
    assert.equal(bids.bids[0]!.status, BidStatus.BID_STATUS_PROMOTED);
  });
});
