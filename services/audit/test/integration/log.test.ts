import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { eventually } from '@consorcio/shared/harness';
import { QuotaEnrolled } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { signCheckpointNow } from '../../src/app/checkpoints';
import { openCheckpoint } from '../../src/domain/checkpoint';
import {
  hashLeaf,
  inclusionPlan,
  nodeKey,
  proofFromPlan,
  verifyConsistency,
  verifyInclusion,
} from '../../src/domain/merkle';
import { startAuditHarness, testEvent, type AuditHarness } from './harness';

const code = (err: unknown) => (err as { code?: number }).code;

describe('audit log (integration)', function () {
  this.timeout(120_000);
  let h: AuditHarness;

  beforeEach(async () => {
    h = await startAuditHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('appends every event once, in order, with the bytes as published; redeliveries and audit.* events are not logged', async () => {
    const events = Array.from({ length: 30 }, () => testEvent());
    await h.publish(events);
    await h.publish([events[3]!, events[17]!]); // redelivered
    await h.publish([testEvent({ eventType: 'audit.checkpoint.signed' })]);
    await eventually(async () => (await h.logSize()) === 30);
    const { entries } = await h
      .api()
      .listEntries({ aggregateId: '', fromIndex: 0n, page: { pageSize: 100, pageToken: '' } });
    assert.equal(entries.length, 30);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const [i, entry] of entries.entries()) {
      assert.equal(entry.leafIndex, BigInt(i));
      const sent = byId.get(entry.content!.eventId)!;
      assert.deepEqual(Buffer.from(entry.content!.payload), sent.body);
      assert.equal(entry.content!.eventType, sent.eventType);
      assert.equal(entry.content!.aggregateVersion, BigInt(sent.aggregateVersion));
      assert.equal(entry.content!.occurredAt!.getTime(), sent.occurredAt.getTime());
      assert.equal(entry.content!.correlationId, `test-${sent.eventId}`);
      assert.deepEqual(Buffer.from(entry.leafHash), hashLeaf(entry.leaf));
    }
  });

  it('takes a burst of 10,000 events whole: every inclusion proof and the consistency proofs verify', async function () {
    this.timeout(300_000);
    const events = Array.from({ length: 10_000 }, () => testEvent());
    const api = h.api();
    await h.publish(events.slice(0, 4_000));
    await eventually(async () => (await h.logSize()) === 4_000, 60_000);
    const first = (await api.signCheckpoint({})).checkpoint!;
    await h.publish(events.slice(4_000));
    await eventually(async () => (await h.logSize()) === 10_000, 120_000);
    const last = (await api.signCheckpoint({})).checkpoint!;
    assert.equal(last.treeSize, 10_000n);
    const { publicKeyPem } = await api.getPublicKey({});
    const key = createPublicKey(publicKeyPem);
    const head = openCheckpoint(last.note, 'consorcio/test', key);
    assert.deepEqual(head.rootHash, Buffer.from(last.rootHash));

    // Every proof, from the stored nodes the RPC reads, checked against the signed root.
    const nodes = await h.db.raw<{ rows: { level: number; index: bigint; hash: Buffer }[] }>(
      'select level, index, hash from audit.tree_nodes',
    );
    const stored = new Map(nodes.rows.map((r) => [nodeKey({ level: r.level, index: Number(r.index) }), r.hash]));
    const lookup = (id: { level: number; index: number }) => stored.get(nodeKey(id))!;
    for (let i = 0; i < 10_000; i++) {
      const proof = proofFromPlan(inclusionPlan(i, 10_000), lookup);
      assert.ok(verifyInclusion(lookup({ level: 0, index: i }), i, 10_000, proof, head.rootHash), `entry ${i}`);
    }
    // And a sample through the API, from the leaf bytes.
    for (const i of [0, 1, 4_095, 4_096, 7_777, 9_999]) {
      const p = await api.getInclusionProof({ leafIndex: BigInt(i), treeSize: 0n });
      assert.equal(p.treeSize, 10_000n);
      assert.ok(
        verifyInclusion(
          hashLeaf(p.entry!.leaf),
          i,
          10_000,
          p.hashes.map((x) => Buffer.from(x)),
          head.rootHash,
        ),
      );
    }
    const c = await api.getConsistencyProof({ fromSize: first.treeSize, toSize: 0n });
    assert.ok(
      verifyConsistency(
        4_000,
        10_000,
        Buffer.from(first.rootHash),
        head.rootHash,
        c.hashes.map((x) => Buffer.from(x)),
      ),
      'the 10,000-entry tree extends the 4,000-entry one',
    );
    const v = await api.verify({ fromIndex: 0n, toIndex: 0n });
    assert.deepEqual(
      { ok: v.ok, entries: v.entriesChecked, checkpoints: v.checkpointsChecked },
      { ok: true, entries: 10_000n, checkpoints: 2n },
    );
  });

  it('refuses to change the log: updates, deletes and truncation fail', async () => {
    await h.publish([testEvent(), testEvent()]);
    await eventually(async () => (await h.logSize()) === 2);
    await signCheckpointNow(h.audit.deps);
    for (const sql of [
      'update audit.entries set aggregate_id = aggregate_id',
      'delete from audit.entries where leaf_index = 1',
      'truncate audit.entries',
      'update audit.tree_nodes set hash = hash',
      'delete from audit.checkpoints',
    ]) {
      await assert.rejects(h.db.raw(sql), /append-only/, sql);
    }
    assert.equal(await h.logSize(), 2);
  });

  it('lets a member read the entries about their own quota and themselves, nobody else’s', async () => {
    const member = '01930000-0000-7000-8000-000000000001';
    const quota = '01930000-0000-7000-8000-0000000000aa';
    const other = '01930000-0000-7000-8000-0000000000bb';
    const enrolled = (quotaId: string, memberId: string) =>
      testEvent({
        eventType: 'groups.quota.enrolled',
        aggregateId: quotaId,
        payloadType: 'consorcio.events.v1.QuotaEnrolled',
        body: Buffer.from(
          QuotaEnrolled.encode({
            ...QuotaEnrolled.fromPartial({}),
            quota: { groupId: 'g', quotaId, number: 1, version: 1 },
            memberId,
            enrolledOn: '2026-01-10',
          }).finish(),
        ),
      });
    await h.publish([enrolled(quota, member), enrolled(other, '01930000-0000-7000-8000-000000000002')]);
    await h.publish([testEvent({ aggregateId: quota }), testEvent({ aggregateId: member })]);
    await eventually(async () => (await h.logSize()) === 4);
    await signCheckpointNow(h.audit.deps);
    const mine = h.api(['MEMBER'], member);
    const page = { pageSize: 0, pageToken: '' };
    const ofQuota = await mine.listEntries({ aggregateId: quota, fromIndex: 0n, page });
    assert.equal(ofQuota.entries.length, 2);
    assert.equal((await mine.listEntries({ aggregateId: member, fromIndex: 0n, page })).entries.length, 1);
    const proof = await mine.getInclusionProof({ leafIndex: ofQuota.entries[0]!.leafIndex, treeSize: 0n });
    assert.equal(proof.hashes.length, 2);
    await assert.rejects(mine.listEntries({ aggregateId: other, fromIndex: 0n, page }), (e) => code(e) === 7);
    await assert.rejects(mine.listEntries({ aggregateId: '', fromIndex: 0n, page }), (e) => code(e) === 7);
    const otherEntry = (await h.api().listEntries({ aggregateId: other, fromIndex: 0n, page })).entries[0]!;
    await assert.rejects(mine.getEntry({ leafIndex: otherEntry.leafIndex }), (e) => code(e) === 7);
    await assert.rejects(mine.verify({ fromIndex: 0n, toIndex: 0n }), (e) => code(e) === 7);
  });

  it('signs checkpoints on its own when the log grew, and publishes them for watchers', async () => {
    await h.stop();
    h = await startAuditHarness({ checkpointIntervalMs: 200 });
    await h.publish([testEvent(), testEvent(), testEvent()]);
    await eventually(
      async () =>
        (
          await h
            .api()
            .getLatestCheckpoint({})
            .catch(() => undefined)
        )?.checkpoint?.treeSize === 3n,
    );
    const res = await h.db.raw<{ rows: { event_type: string }[] }>('select event_type from audit.outbox');
    assert.deepEqual(
      res.rows.map((r) => r.event_type),
      ['audit.checkpoint.signed'],
    );
    // Its own event comes back through the exchange and is not logged.
    await eventually(async () => {
      const r = await h.db.raw<{ rows: unknown[] }>('select 1 from audit.outbox where published_at is not null');
      return r.rows.length === 1;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await h.logSize(), 3);
  });
});
