import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { DocumentKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { markPurged, purgeExpired } from '../../src/app/purge';
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

  it('deletes the object only after the purge committed: a failed commit leaves row and content together', async () => {
    const member = newId();
    h.clock.set('2034-01-01T12:00:00Z');
    const doc = (await upload(member, 'commit-falha')).document!;
    h.clock.set('2034-03-01T12:00:00Z');
    // The purge's commit fails (a deferred constraint trigger on this row raises at commit time).
    await h.db.raw(`create function documents.refuse_commit() returns trigger language plpgsql as
      $$ begin raise exception 'commit refused by the test'; end $$`);
    await h.db.raw(`create constraint trigger refuse_commit after update on documents.documents
      deferrable initially deferred for each row when (new.id = '${doc.documentId}')
      execute function documents.refuse_commit()`);
    try {
      await assert.rejects(purgeExpired(h.service.deps), /commit refused by the test/);
    } finally {
      await h.db.raw('drop trigger refuse_commit on documents.documents');
      await h.db.raw('drop function documents.refuse_commit()');
    }
    assert.equal((await h.api().getDocument({ documentId: doc.documentId })).document!.purgedAt, undefined);
    assert.equal(await h.store.has(doc.sha256), true, 'the row not purged still has its content');
    assert.ok((await h.api().downloadDocument({ documentId: doc.documentId })).body);

    await purgeExpired(h.service.deps);
    assert.ok((await h.api().getDocument({ documentId: doc.documentId })).document!.purgedAt);
    assert.equal(await h.store.has(doc.sha256), false);
  });

  it('finishes a purge whose second step never ran, re-checking under the content lock first', async () => {
    const [a, b] = [newId(), newId()];
    h.clock.set('2035-01-01T12:00:00Z');
    const first = (await upload(a, 'passo-dois')).document!;
    const deps = h.service.deps;
    // Step 1 committed, then the process stopped: the row is purged, the object is still there.
    const mark = () =>
      deps.db.transaction((trx) => markPurged(deps, trx, { id: first.documentId, sha256: first.sha256 }, 'test'));
    assert.equal(await mark(), 'unreferenced');
    assert.equal(await h.store.has(first.sha256), true);
    // Meanwhile the same bytes were uploaded again: the next round must not delete them.
    const again = (await upload(b, 'passo-dois')).document!;
    assert.equal((await purgeExpired(deps)).objectsDeleted, 0);
    assert.equal(await h.store.has(first.sha256), true);
    // Once that version is purged too, the round deletes the content, once.
    assert.equal(
      await deps.db.transaction((trx) => markPurged(deps, trx, { id: again.documentId, sha256: again.sha256 }, 'test')),
      'unreferenced',
    );
    assert.equal((await purgeExpired(deps)).objectsDeleted, 1);
    assert.equal(await h.store.has(first.sha256), false);
    assert.equal((await purgeExpired(deps)).objectsDeleted, 0);
  });

  it('lets only admins purge on demand', async () => {
    await assert.rejects(h.api(['OPERATOR']).purgeExpired({}), (err: unknown) => {
      assert.equal((err as { code?: number }).code, status.PERMISSION_DENIED);
      return true;
    });
  });
});
