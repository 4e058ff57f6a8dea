import { DocumentKind as ProtoKind } from '@consorcio/shared/gen/consorcio/documents/v1/documents';
import { fromProtoEnum, toProtoEnum } from '@consorcio/shared/grpc';
import type { DocumentKind } from '../domain/upload-rules';

const PREFIX = 'DOCUMENT_KIND_';

/** The proto enum value of a kind. */
export const kindToProto = (kind: DocumentKind): ProtoKind => toProtoEnum<ProtoKind>(ProtoKind, PREFIX, kind);

/** A kind's name from the proto enum: '' for UNSPECIFIED; an unknown number is refused naming `field`. */
export const kindFromProto = (kind: ProtoKind, field: string): string =>
  fromProtoEnum<DocumentKind>(ProtoKind, PREFIX, kind, field) ?? '';
