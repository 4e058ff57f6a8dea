import type { Document } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { kindToProto } from '../app/kinds';
import type { DocumentRow } from '../db/documents-repo';

export function documentToProto(d: DocumentRow): Document {
  return {
    documentId: d.id,
    kind: kindToProto(d.kind),
    ownerMemberId: d.ownerMemberId ?? '',
    groupId: d.groupId ?? '',
    subjectId: d.subjectId ?? '',
    name: d.name,
    version: d.version,
    sha256: d.sha256,
    sizeBytes: d.size,
    contentType: d.contentType,
    uploadedBy: d.uploadedBy,
    createdAt: d.createdAt,
    retainUntil: d.retainUntil ?? '',
    purgedAt: d.purgedAt ?? undefined,
  };
}
