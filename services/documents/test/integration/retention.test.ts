import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { DocumentKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { groupClosed, groupCreated, quotaEnrolled } from './events';
import { startDocumentsHarness, type DocumentsHarness } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

describe('documents retention (integration)', function () {
  this.timeout(60_000);
  let h: DocumentsHarness;

  before(async () => {
    h = await startDocumentsHarness({ store: 'disk' });
  });
  after(async () => h?.stop());

  const upload = (member: string, text: string) =>
    h.api(['OPERATOR']).uploadDocument({
      ownerMemberId: member,
      name: `${text}.pdf`,
      kind: DocumentKind.DOCUMENT_KIND_IDENTITY,
      subjectId: '',
      groupId: '',
      sha256: '',
      body: { contentType: 'application/pdf', data: pdf(text), extensions: [] },
    });

  it("keeps a group's documents until 5 years after it closed, then purges them, keeping the row and hash", async () => {
    const groupId = newId();
    const member = newId();
    const stranger = newId();
    await h.publish(groupCreated(groupId, 'G-RET'), quotaEnrolled(groupId, member, 7));
    let contractId = '';
    await eventually(async () => {
      const r = await h.db('documents.documents').where({ group_id: groupId }).first('id');
      contractId = r?.id ?? '';
      return contractId !== '';
    });
    const inGroup = (await upload(member, 'rg-membro')).document!;
    const loose = (await upload(stranger, 'rg-avulso')).document!;
    assert.equal(loose.retainUntil, '2026-03-12');

    await h.publish(groupClosed(groupId, '2027-06-30'));
    await eventually(
      async () => (await h.api().getDocument({ documentId: contractId })).document!.retainUntil === '2032-06-30',
    );

    // 31 days on: the stranger's upload is purged; the member's is kept (their group is under retention).
    h.clock.set('2026-03-13T12:00:00Z');
    const first = await h.api(['ADMIN']).purgeExpired({});
    assert.deepEqual(first, { purged: 1, objectsDeleted: 1 });
    const purged = (await h.api().getDocument({ documentId: loose.documentId })).document!;
    assert.ok(purged.purgedAt);
    assert.equal(purged.sha256, loose.sha256);
    assert.equal(await h.store.has(loose.sha256), false);
    await assert.rejects(h.api().downloadDocument({ documentId: loose.documentId }), (err: unknown) => {
      assert.equal((err as { code?: number }).code, status.FAILED_PRECONDITION);
      return true;
    });

    // Past the group's 5 years: its contract and the member's upload go too.
    h.clock.set('2032-07-01T12:00:00Z');
    assert.deepEqual(await h.api(['ADMIN']).purgeExpired({}), { purged: 2, objectsDeleted: 2 });
    assert.ok((await h.api().getDocument({ documentId: inGroup.documentId })).document!.purgedAt);
    assert.deepEqual(await h.api(['ADMIN']).purgeExpired({}), { purged: 0, objectsDeleted: 0 });
  });

  it('keeps an object another kept version still names', async () => {
    const a = newId();
    const b = newId();
    h.clock.set('2033-01-01T12:00:00Z');
    const first = (await upload(a, 'mesmo-arquivo')).document!;
    h.clock.set('2033-01-20T12:00:00Z');
    await upload(b, 'mesmo-arquivo');
    h.clock.set('2033-02-05T12:00:00Z'); // a's upload expired, b's not
    assert.deepEqual(await h.api(['ADMIN']).purgeExpired({}), { purged: 1, objectsDeleted: 0 });
    assert.equal(await h.store.has(first.sha256), true);
  });

  it('lets only admins purge on demand', async () => {
    await assert.rejects(h.api(['OPERATOR']).purgeExpired({}), (err: unknown) => {
      assert.equal((err as { code?: number }).code, status.PERMISSION_DENIED);
      return true;
    });
  });
});
