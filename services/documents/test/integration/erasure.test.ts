import assert from 'node:assert/strict';
import { DocumentKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { DocumentPurged } from '@consorcio/shared/gen/consorcio/events/v1/documents_events';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { groupClosed, groupCreated, memberErased, quotaEnrolled } from './events';
import { startDocumentsHarness, type DocumentsHarness } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

describe('documents: a member erased in groups (LGPD, integration)', function () {
  this.timeout(60_000);
  let h: DocumentsHarness;
  before(async () => {
    h = await startDocumentsHarness({ store: 'disk' });
  });
  after(async () => h?.stop());

  const upload = async (member: string, text: string, kind: DocumentKind, groupId = '') =>
    (
      await h.api(['OPERATOR']).uploadDocument({
        ownerMemberId: member,
        name: `${text}.pdf`,
        kind,
        subjectId: '',
        groupId,
        sha256: '',
        body: { contentType: 'application/pdf', data: pdf(text), extensions: [] },
      })
    ).document!;
  const purgedAt = async (id: string) =>
    (await h.db('documents.documents').where({ id }).first<{ purged_at: Date | null }>())?.purged_at ?? null;
  const purgedEvents = async () =>
    (await h.outbox('documents.document.purged')).map((r) => DocumentPurged.decode(r.payload));

  it('purges the uploads no legal duty keeps, and keeps those under retention', async () => {
    const [open, ended] = [newId(), newId()];
    const [erased, holder, other] = [newId(), newId(), newId()];
    await h.publish(groupCreated(open, 'G-ABERTO'), groupCreated(ended, 'G-ENCERRADO'));
    await eventually(async () => (await h.db('documents.groups')).length === 2);
    await h.publish(quotaEnrolled(ended, erased, 4), quotaEnrolled(open, holder, 5));
    await eventually(async () => (await h.db('documents.documents').where({ kind: 'ADHESION_CONTRACT' })).length === 2);
    const identity = await upload(erased, 'rg-erased', DocumentKind.DOCUMENT_KIND_IDENTITY);
    const income = await upload(erased, 'ir-erased', DocumentKind.DOCUMENT_KIND_INCOME_PROOF, ended);
    const asset = await upload(erased, 'crlv-erased', DocumentKind.DOCUMENT_KIND_ASSET_DOCUMENT, open);
    const shared = await upload(erased, 'mesmo-conteudo', DocumentKind.DOCUMENT_KIND_IDENTITY);
    await upload(other, 'mesmo-conteudo', DocumentKind.DOCUMENT_KIND_IDENTITY);
    const holderId = await upload(holder, 'rg-holder', DocumentKind.DOCUMENT_KIND_IDENTITY);
    // The ended group closed more than 5 years ago: its retention is over.
    await h.publish(groupClosed(ended, '2020-01-01'));
    await eventually(
      async () => (await h.api().getDocument({ documentId: income.documentId })).document!.retainUntil === '2025-01-01',
    );

    const erasure = { ...memberErased(erased), eventId: newId() };
    await h.publish(erasure, erasure); // delivered twice: purged once
    await eventually(async () => (await purgedAt(shared.documentId)) !== null);
    await eventually(async () => !(await h.store.has(identity.sha256)) && !(await h.store.has(income.sha256)));

    // Gone: the unbound identity (its 30 days are a keeping period, not a duty), the proof of the ended group.
    for (const d of [identity, income, shared]) assert.ok(await purgedAt(d.documentId), d.name);
    // Kept: an upload for a group still open, the contract (the group's record), another member's copy of the bytes.
    assert.equal(await purgedAt(asset.documentId), null);
    assert.equal(await h.store.has(asset.sha256), true);
    const contract = await h.db('documents.documents').where({ owner_member_id: erased, kind: 'ADHESION_CONTRACT' });
    assert.equal(contract[0]?.purged_at, null);
    assert.equal(await h.store.has(shared.sha256), true);

    const events = await purgedEvents();
    assert.deepEqual(
      events.map((e) => [e.documentId, e.objectDeleted]).sort(),
      [
        [identity.documentId, true],
        [income.documentId, true],
        [shared.documentId, false],
      ].sort(),
    );

    // A holder of a record in an open group: their identity backs it, so an erasure keeps it.
    const second = { ...memberErased(holder), eventId: newId() };
    await h.publish(second);
    await eventually(async () => (await h.db('documents.inbox').where({ event_id: second.eventId })).length === 1);
    assert.equal(await purgedAt(holderId.documentId), null);
    assert.equal((await purgedEvents()).length, 3);
  });
});
