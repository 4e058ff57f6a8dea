import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { DocumentKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { DocumentUploaded } from '@consorcio/shared/gen/consorcio/events/v1/documents_events';
import { newId } from '@consorcio/shared/ids';
import { startDocumentsHarness, type DocumentsHarness } from './harness';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const refused = (code: number, message: RegExp) => (err: unknown) => {
  const e = err as { code?: number; details?: string };
  assert.equal(e.code, code, e.details);
  assert.match(e.details ?? '', message);
  return true;
};

for (const kind of ['disk', 's3'] as const) {
  describe(`documents uploads and downloads on the ${kind} store (integration)`, function () {
    this.timeout(60_000);
    let h: DocumentsHarness;
    const member = newId();
    const other = newId();
    const upload = (bytes: Buffer, over: Record<string, unknown> = {}) =>
      h.api(['MEMBER'], member).uploadDocument({
        ownerMemberId: member,
        name: 'comprovante-renda.pdf',
        kind: DocumentKind.DOCUMENT_KIND_INCOME_PROOF,
        subjectId: '',
        groupId: '',
        sha256: '',
        body: { contentType: 'application/pdf', data: bytes, extensions: [] },
        ...over,
      });

    before(async () => {
      h = await startDocumentsHarness({ store: kind, maxUploadBytes: 64 * 1024 });
    });
    after(async () => h?.stop());

    it('round-trips a document through the service with its checksum verified; the event carries ids and the hash', async () => {
      const bytes = pdf('holerite de janeiro');
      const { document } = await upload(bytes, { sha256: sha(bytes) });
      assert.equal(document!.sha256, sha(bytes));
      assert.equal(document!.sizeBytes, BigInt(bytes.length));
      assert.equal(document!.version, 1);
      assert.equal(document!.contentType, 'application/pdf');
      assert.equal(document!.retainUntil, '2026-03-12'); // no group: 30 days in this harness
      const down = await h.api(['MEMBER'], member).downloadDocument({ documentId: document!.documentId });
      assert.deepEqual(Buffer.from(down.body!.data), bytes);
      assert.equal(sha(down.body!.data), down.sha256);
      assert.equal(down.body!.contentType, 'application/pdf');
      assert.equal(down.fileName, 'comprovante-renda.pdf');
      assert.equal(await h.store.has(sha(bytes)), true);

      const [row] = await h.outbox('documents.document.uploaded');
      const event = DocumentUploaded.decode(row!.payload);
      assert.equal(event.documentId, document!.documentId);
      assert.equal(event.sha256, sha(bytes));
      assert.equal(event.ownerMemberId, member);
      assert.ok(!row!.payload.toString('latin1').includes('comprovante'), 'the file name stays out of the event');
    });

    it('refuses a file over the size limit, naming the field', async () => {
      const big = Buffer.concat([pdf('x'), Buffer.alloc(64 * 1024)]);
      await assert.rejects(upload(big), refused(status.INVALID_ARGUMENT, /body: must be at most 65536 bytes/));
    });

    it('refuses a forbidden type and a PDF whose bytes are a PNG', async () => {
      await assert.rejects(
        upload(Buffer.from('<html><script></script></html>'), {
          body: { contentType: 'text/html', data: Buffer.from('<html></html>'), extensions: [] },
        }),
        refused(status.INVALID_ARGUMENT, /body.content_type: must be application\/pdf, image\/jpeg or image\/png/),
      );
      await assert.rejects(
        upload(Buffer.from('MZ executable'), {
          body: { contentType: 'application/x-msdownload', data: Buffer.from('MZ\x90\x00'), extensions: [] },
        }),
        refused(status.INVALID_ARGUMENT, /body.content_type/),
      );
      await assert.rejects(
        upload(PNG),
        refused(status.INVALID_ARGUMENT, /body.data: the bytes are not application\/pdf \(they are image\/png\)/),
      );
    });

    it('refuses a content whose SHA-256 is not the one the client sent', async () => {
      await assert.rejects(
        upload(pdf('one'), { sha256: sha(pdf('another')) }),
        refused(status.INVALID_ARGUMENT, /sha256: does not match the content received/),
      );
    });

    it('numbers versions per member, kind and name, keeping the old ones', async () => {
      const name = 'rg.png';
      const first = await upload(PNG, {
        name,
        kind: DocumentKind.DOCUMENT_KIND_IDENTITY,
        body: { contentType: 'image/png', data: PNG, extensions: [] },
      });
      const png2 = Buffer.concat([PNG, Buffer.from([1, 2, 3])]);
      const second = await upload(png2, {
        name,
        kind: DocumentKind.DOCUMENT_KIND_IDENTITY,
        body: { contentType: 'image/png', data: png2, extensions: [] },
      });
      assert.equal(first.document!.version, 1);
      assert.equal(second.document!.version, 2);
      const { documents } = await h.api(['MEMBER'], member).listDocuments({
        ownerMemberId: member,
        groupId: '',
        subjectId: '',
        kind: DocumentKind.DOCUMENT_KIND_IDENTITY,
        page: { pageSize: 10, pageToken: '' },
      });
      assert.deepEqual(
        documents.map((d) => d.version),
        [2, 1],
      );
      const old = await h.api(['MEMBER'], member).downloadDocument({ documentId: first.document!.documentId });
      assert.deepEqual(Buffer.from(old.body!.data), PNG);
    });

    it('lets a member read only their own documents; staff read all', async () => {
      const { document } = await upload(pdf('privado'), { name: 'privado.pdf' });
      const id = document!.documentId;
      const intruder = h.api(['MEMBER'], other);
      await assert.rejects(intruder.getDocument({ documentId: id }), refused(status.PERMISSION_DENIED, /member/));
      await assert.rejects(intruder.downloadDocument({ documentId: id }), refused(status.PERMISSION_DENIED, /member/));
      await assert.rejects(
        intruder.listDocuments({ ownerMemberId: member, groupId: '', subjectId: '', kind: 0, page: undefined }),
        refused(status.PERMISSION_DENIED, /own documents/),
      );
      await assert.rejects(
        intruder.uploadDocument({
          ownerMemberId: member,
          name: 'x.pdf',
          kind: DocumentKind.DOCUMENT_KIND_IDENTITY,
          subjectId: '',
          groupId: '',
          sha256: '',
          body: { contentType: 'application/pdf', data: pdf('x'), extensions: [] },
        }),
        refused(status.PERMISSION_DENIED, /member/),
      );
      assert.equal((await h.api(['AUDITOR']).getDocument({ documentId: id })).document!.ownerMemberId, member);
      assert.equal((await h.api(['OPERATOR']).downloadDocument({ documentId: id })).sha256, document!.sha256);
    });
  });
}
