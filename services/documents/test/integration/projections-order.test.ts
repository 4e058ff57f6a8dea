import assert from 'node:assert/strict';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { adjustmentApplied, groupCreated, quotaEnrolled, quotaTransferred } from './events';
import { startDocumentsHarness, type DocumentsHarness } from './harness';

describe('documents projections apply events in their aggregate order (integration)', function () {
  this.timeout(60_000);
  let h: DocumentsHarness;
  const groupId = newId();

  before(async () => {
    h = await startDocumentsHarness();
    await h.publish(groupCreated(groupId, 'G-ORD'));
    await eventually(async () => (await h.db('documents.groups').where({ id: groupId })).length === 1);
  });
  after(async () => h?.stop());

  const holderOf = async (quotaId: string) =>
    (await h.db('documents.quotas').where({ id: quotaId }).first<{ member_id: string } | undefined>())?.member_id;
  const contractsOf = async (member: string) =>
    (await h.db('documents.documents').where({ owner_member_id: member, kind: 'ADHESION_CONTRACT' })).length;
  /** Publishes and waits until the consumer applied it (its inbox row), whatever the effect. */
  const applied = async (e: Parameters<DocumentsHarness['publish']>[0]) => {
    const eventId = newId();
    await h.publish({ ...e, eventId });
    await eventually(async () => (await h.db('documents.inbox').where({ event_id: eventId })).length === 1);
  };
  const creditValue = async () =>
    BigInt((await h.db('documents.groups').where({ id: groupId }).first<{ credit_value: bigint }>()).credit_value);

  it('keeps the new holder when the older enrollment is redelivered after the transfer', async () => {
    const [from, to, quotaId] = [newId(), newId(), newId()];
    const enrolled = quotaEnrolled(groupId, from, 21, quotaId);
    await h.publish(enrolled);
    await eventually(async () => (await contractsOf(from)) === 1);
    await h.publish(quotaTransferred({ groupId, quotaId, number: 21 }, from, to));
    await eventually(async () => (await holderOf(quotaId)) === to);

    // The enrollment again, under a new event id (a relay retry): the inbox does not stop it, the version does.
    await applied(enrolled);
    assert.equal(await holderOf(quotaId), to);
    assert.equal(await contractsOf(from), 1, 'the same contract, not a new version');
  });

  it('keeps the holder of a transfer seen before its enrollment, and still makes the contract', async () => {
    const [from, to, quotaId] = [newId(), newId(), newId()];
    await h.publish(quotaTransferred({ groupId, quotaId, number: 22 }, from, to));
    await eventually(async () => (await holderOf(quotaId)) === to);
    await h.publish(quotaEnrolled(groupId, from, 22, quotaId));
    await eventually(async () => (await contractsOf(from)) === 1);
    assert.equal(await holderOf(quotaId), to);
  });

  it('applies credit adjustments in credit’s order: an older one arriving late changes nothing', async () => {
    await h.publish(adjustmentApplied(groupId, 6_300_000n, 3));
    await eventually(async () => (await creditValue()) === 6_300_000n);
    await applied(adjustmentApplied(groupId, 6_150_000n, 2));
    assert.equal(await creditValue(), 6_300_000n);
  });
});
