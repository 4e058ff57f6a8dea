import type { DocumentsServiceServer } from '@consorcio/shared/gen/consorcio/documents/v1/documents_service';
import { PermissionDeniedError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { nextPageToken, readPage, withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import { isUuid } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import type { CommandMeta, DocumentsDeps } from '../app/deps';
import { kindFromProto } from '../app/kinds';
import { purgeExpired } from '../app/purge';
import { uploadDocument } from '../app/upload';
import { getDocument, listDocuments, type DocumentFilter } from '../db/documents-repo';
import { isMemberOfGroup } from '../db/projections-repo';
import type { DocumentKind } from '../domain/upload-rules';
import { adminOnly, callingMember, requireReader, selfOrStaff, signedIn } from './access';
import { documentToProto } from './mappers';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? '',
});
const isId = (v: unknown): v is string => isUuid(v);
const optionalId = (field: string, value: string) => {
  if (value) requireId(field, value);
};

/** The DocumentsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function documentsServiceHandlers(deps: DocumentsDeps): UnaryHandlers<DocumentsServiceServer> {
  const { db } = deps;
  const readable = async (ctx: CallContext, documentId: string) => {
    requireId('document_id', documentId);
    const doc = await getDocument(db, documentId);
    await requireReader(db, ctx, doc);
    return doc;
  };
  /** A member lists their own documents, or the minutes of a group of theirs; readers list anything. */
  const scope = async (ctx: CallContext, filter: DocumentFilter): Promise<DocumentFilter> => {
    const member = callingMember(ctx);
    if (member === undefined || filter.ownerMemberId === member) return filter;
    if (!filter.ownerMemberId && filter.groupId && (await isMemberOfGroup(db, member, filter.groupId)))
      return { ...filter, kind: 'ASSEMBLY_MINUTES' };
    throw new PermissionDeniedError("a member lists their own documents (owner_member_id) or their groups' minutes");
  };
  return withPolicies<DocumentsServiceServer>(
    {
      uploadDocument: (ctx, req) => selfOrStaff(ctx, req.ownerMemberId),
      getDocument: signedIn,
      downloadDocument: signedIn,
      listDocuments: signedIn,
      purgeExpired: adminOnly,
    },
    {
      uploadDocument: async (req, ctx) => ({
        document: documentToProto(
          await uploadDocument(deps, metaOf(ctx), {
            ownerMemberId: req.ownerMemberId,
            name: req.name,
            kind: kindFromProto(req.kind, 'kind'),
            subjectId: req.subjectId,
            groupId: req.groupId,
            declaredContentType: req.body?.contentType ?? '',
            expectedSha256: req.sha256,
            bytes: req.body?.data ?? new Uint8Array(),
          }),
        ),
      }),
      getDocument: async (req, ctx) => ({ document: documentToProto(await readable(ctx, req.documentId)) }),
      downloadDocument: async (req, ctx) => {
        const doc = await readable(ctx, req.documentId);
        if (doc.purgedAt)
          throw new RuleViolation(
            'document_purged',
            `its retention ended and its content was purged on ${doc.purgedAt.toISOString()}`,
          );
        const data = await deps.store.get(doc.sha256);
        return {
          body: { contentType: doc.contentType, data, extensions: [] },
          fileName: doc.name,
          sha256: doc.sha256,
        };
      },
      listDocuments: async (req, ctx) => {
        optionalId('owner_member_id', req.ownerMemberId);
        optionalId('group_id', req.groupId);
        optionalId('subject_id', req.subjectId);
        const kind = kindFromProto(req.kind, 'kind');
        const page = readPage(req.page, isId);
        const filter = await scope(ctx, {
          ...(req.ownerMemberId ? { ownerMemberId: req.ownerMemberId } : {}),
          ...(req.groupId ? { groupId: req.groupId } : {}),
          ...(req.subjectId ? { subjectId: req.subjectId } : {}),
          ...(kind ? { kind: kind as DocumentKind } : {}),
        });
        if (!filter.ownerMemberId && !filter.groupId && !filter.subjectId && callingMember(ctx) !== undefined)
          throw new ValidationError('owner_member_id', 'is required for a member');
        const rows = await listDocuments(db, filter, page.after, page.limit);
        return {
          documents: rows.map(documentToProto),
          page: { nextPageToken: nextPageToken(rows, page.limit, (d) => d.id) },
        };
      },
      purgeExpired: async () => {
        let purged = 0;
        let objectsDeleted = 0;
        for (;;) {
          const r = await purgeExpired(deps);
          purged += r.purged;
          objectsDeleted += r.objectsDeleted;
          if (!r.more) break;
        }
        return { purged, objectsDeleted };
      },
    },
  );
}
