import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { newId } from '@consorcio/shared/ids';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import { infraUrls } from '@consorcio/shared/testing';
import { recordPayment } from '../../src/app/record-payment';
import { quotaPaymentsLock } from '../../src/app/quota-lock';
import type { PaymentsDeps } from '../../src/app/deps';
import { amountDueOn, enrollMembers, publishedGroup, startPaymentsHarness, type PaymentsHarness } from './harness';

describe('payments: one payment per key across replicas, and fencing', function () {
  this.timeout(90_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness({ replicas: 2 });
  });
  after(async () => h?.stop());

  it('applies one payment when the same key arrives 50 times at once on two replicas', async () => {
    const groupId = await publishedGroup(h);
    const [quotaId] = await enrollMembers(h, groupId, 1);
    const amount = await amountDueOn(h, quotaId!, '2025-01-10');
    const key = `bank-${newId()}`;
    const calls = Array.from({ length: 50 }, (_, i) =>
      (h.apis[i % 2] ?? h.api).recordPayment({
        quotaId: quotaId!,
        idempotencyKey: key,
        amountCentavos: amount,
        paidOn: '2025-01-10',
      }),
    );
    const results = await Promise.all(calls);
    const ids = new Set(results.map((r) => r.payment!.paymentId));
    assert.equal(ids.size, 1, 'every call answers with the same payment');
    assert.equal((await h.db('payments.payments').where({ quota_id: quotaId })).length, 1);
    const e3 = await h
      .db('payments.journal_entries')
      .where({ cause: `payment:${[...ids][0]}`, book: 'GROUP', kind: 'E3' });
    assert.equal(e3.length, 1);
    const paid = await h.db('payments.installments').where({ quota_id: quotaId, status: 'PAID' });
    assert.equal(paid.length, 1);
  });

  it("refuses the write of a holder whose lock expired and whose fence is older than a newer holder's", async () => {
    const groupId = await publishedGroup(h);
    const [quotaId] = await enrollMembers(h, groupId, 1);
    const amount = await amountDueOn(h, quotaId!, '2025-01-10');
    const base = h.replicas[0]!.deps;
    const redis = new Redis(infraUrls('test').redisUrl, LOCK_REDIS_OPTIONS);
    try {
      // A holder that stalls (a GC pause, a slow disk) after taking its lock and fence, past the lock's TTL: its
      // lock is not extended (maxExtensions 0), so it expires in Redis while the holder sleeps.
      const stalling = new LockService({ redis, db: base.db, schema: 'payments', ttlMs: 300, maxExtensions: 0 });
      let stalled: () => void = () => undefined;
      const resumed = new Promise<void>((r) => (stalled = r));
      const pausedLocks = {
        withLock: <T>(resource: string, fn: (fence: bigint, signal: AbortSignal) => Promise<T>) =>
          stalling.withLock(resource, async (fence, signal) => {
            stalled();
            await sleep(800);
            return fn(fence, signal);
          }),
      } as unknown as LockService;
      const stale: PaymentsDeps = { ...base, locks: pausedLocks };
      const meta = { correlationId: 'fence-test', userId: null };
      const first = recordPayment(stale, meta, {
        quotaId: quotaId!,
        idempotencyKey: 'stale-holder-key',
        amount,
        paidOn: '2025-01-10',
        source: 'API',
      });
      await resumed;
      await sleep(400); // the stalled holder's lock has expired in Redis
      // Meanwhile another replica takes the lock (a newer fence) and records the payment.
      const fresh = await h.apis[1]!.recordPayment({
        quotaId: quotaId!,
        idempotencyKey: 'fresh-holder-key',
        amountCentavos: amount,
        paidOn: '2025-01-10',
      });
      await assert.rejects(first, (err: Error) => {
        assert.equal(err.name, 'ConflictError');
        assert.match(err.message, /fencing token \d+ is older/);
        return true;
      });
      const payments = await h.db('payments.payments').where({ quota_id: quotaId });
      assert.deepEqual(
        payments.map((p: { id: string }) => p.id),
        [fresh.payment!.paymentId],
      );
      const fence = await h
        .db('payments.lock_fences')
        .where({ resource: quotaPaymentsLock(quotaId!) })
        .first();
      assert.ok(BigInt(fence.token) >= 2n);
    } finally {
      redis.disconnect();
    }
  });
});
