import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { DocumentKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { DocumentGenerated } from '@consorcio/shared/gen/consorcio/events/v1/documents_events';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { pdfText } from '../support/pdf-text';
import { groupCreated, quotaEnrolled, resultPublished } from './events';
import { startDocumentsHarness, type DocumentsHarness } from './harness';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const list = (h: DocumentsHarness, filter: { ownerMemberId?: string; groupId?: string; kind?: DocumentKind }) =>
  h.api(['OPERATOR']).listDocuments({
    ownerMemberId: filter.ownerMemberId ?? '',
    groupId: filter.groupId ?? '',
    subjectId: '',
    kind: filter.kind ?? 0,
    page: { pageSize: 50, pageToken: '' },
  });

describe('generated documents: adhesion contracts and assembly minutes (integration)', function () {
  this.timeout(60_000);
  let h: DocumentsHarness;
  const groupId = newId();
  const member = newId();

  before(async () => {
    h = await startDocumentsHarness();
    await h.publish(groupCreated(groupId));
  });
  after(async () => h?.stop());

  it('generates the adhesion contract at enrollment: a PDF with the quota, the group and the amounts in reais', async () => {
    const quotaId = newId();
    await h.publish(quotaEnrolled(groupId, member, 42, quotaId));
    let docs: Awaited<ReturnType<typeof list>>['documents'] = [];
    await eventually(async () => {
      docs = (await list(h, { ownerMemberId: member, kind: DocumentKind.DOCUMENT_KIND_ADHESION_CONTRACT })).documents;
      return docs.length === 1;
    });
    const doc = docs[0]!;
    assert.equal(doc.subjectId, quotaId);
    assert.equal(doc.groupId, groupId);
    assert.equal(doc.name, 'contrato-adesao-G-DEMO-042-1.pdf');
    assert.equal(doc.uploadedBy, 'service:documents');
    assert.equal(doc.retainUntil, ''); // kept while the group is open
    const down = await h.api(['MEMBER'], member).downloadDocument({ documentId: doc.documentId });
    assert.equal(sha(down.body!.data), doc.sha256);
    const text = await pdfText(down.body!.data);
    for (const expected of ['Contrato de Adesão', 'G-DEMO', '042-1', quotaId, 'R$ 60.000,00', '72 meses', 'R$ 966,54'])
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);

    // The generated event carries the hash (the audit log keeps it).
    await eventually(async () => (await h.outbox('documents.document.generated')).length >= 1);
    const event = DocumentGenerated.decode((await h.outbox('documents.document.generated'))[0]!.payload);
    assert.equal(event.documentId, doc.documentId);
    assert.equal(event.sha256, doc.sha256);
    assert.equal(event.subjectId, quotaId);
    assert.equal(event.kind, DocumentKind.DOCUMENT_KIND_ADHESION_CONTRACT);
  });

  it('a redelivered or replayed enrollment leaves one version of the contract', async () => {
    const owner = newId();
    const enrolled = { ...quotaEnrolled(groupId, owner, 43), eventId: newId() };
    await h.publish(enrolled, enrolled); // the same event twice: the inbox
    await h.publish({ ...enrolled, eventId: newId() }); // replayed under another id: the same bytes, the same hash
    const probe = quotaEnrolled(groupId, newId(), 44); // a later event, to know the earlier ones were handled
    await h.publish(probe);
    await eventually(
      async () =>
        (await list(h, { groupId, kind: DocumentKind.DOCUMENT_KIND_ADHESION_CONTRACT })).documents.length === 3,
    );
    const { documents } = await list(h, { ownerMemberId: owner });
    assert.equal(documents.length, 1);
    assert.equal(documents[0]!.version, 1);
    const events = (await h.outbox('documents.document.generated')).filter(
      (e) => DocumentGenerated.decode(e.payload).documentId === documents[0]!.documentId,
    );
    assert.equal(events.length, 1);
  });

  it('generates the minutes when a result is published: quota numbers, bids and amounts, no names', async () => {
    const assemblyId = newId();
    await h.publish(resultPublished(groupId, assemblyId));
    let docs: Awaited<ReturnType<typeof list>>['documents'] = [];
    await eventually(async () => {
      docs = (await list(h, { groupId, kind: DocumentKind.DOCUMENT_KIND_ASSEMBLY_MINUTES })).documents;
      return docs.length === 1;
    });
    const doc = docs[0]!;
    assert.equal(doc.subjectId, assemblyId);
    assert.equal(doc.ownerMemberId, '');
    // A member of the group reads the minutes; a member of no record of it does not.
    const down = await h.api(['MEMBER'], member).downloadDocument({ documentId: doc.documentId });
    const text = await pdfText(down.body!.data);
    for (const expected of [
      'Ata da Assembleia',
      'G-DEMO',
      'nº 11',
      '118',
      '040',
      '48,2500 %',
      'R$ 35.955,18',
      '120-1',
      'R$ 6.749,57',
    ])
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);
    await assert.rejects(
      h.api(['MEMBER'], newId()).downloadDocument({ documentId: doc.documentId }),
      (err: unknown) => {
        assert.equal((err as { code?: number }).code, status.PERMISSION_DENIED);
        return true;
      },
    );
    const mine = await h.api(['MEMBER'], member).listDocuments({
      ownerMemberId: '',
      groupId,
      subjectId: '',
      kind: 0,
      page: undefined,
    });
    assert.deepEqual(
      mine.documents.map((d) => d.documentId),
      [doc.documentId],
    );
  });
});
