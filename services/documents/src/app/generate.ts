import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import type { DocumentLayout } from '../domain/layout';
import { retainUntilAt } from '../domain/retention';
import { insertVersion, lockContent, type DocumentRow } from '../db/documents-repo';
import type { ProjectedGroup } from '../db/projections-repo';
import { outgoing } from '../events/outgoing';
import { renderPdf } from '../pdf/render-pdf';
import { kindToProto } from './kinds';
import { GENERATOR, SCHEMA, type DocumentsDeps } from './deps';

/** A document the platform generates from an event. */
export interface GeneratedDocument {
  kind: 'ADHESION_CONTRACT' | 'ASSEMBLY_MINUTES';
  /** The member it belongs to (contract), or null (minutes: the group's). */
  ownerMemberId: string | null;
  group: ProjectedGroup;
  subjectId: string;
  name: string;
  layout: DocumentLayout;
  sourceEventId: string;
  correlationId: string;
}

/**
 * Renders the layout (deterministic bytes), stores them, and records them as the next version of the document with
 * `documents.document.generated` — in the consumer's transaction, so it happens once per event. Generating the same
 * content again (a replayed event) finds the same SHA-256 as the latest version and adds nothing.
 */
export async function storeGenerated(
  deps: DocumentsDeps,
  trx: Knex.Transaction,
  g: GeneratedDocument,
): Promise<{ row: DocumentRow; created: boolean }> {
  const bytes = await renderPdf(g.layout);
  const stored = await deps.store.put(bytes, { contentType: 'application/pdf' });
  await lockContent(trx, stored.sha256);
  if (!(await deps.store.has(stored.sha256))) await deps.store.put(bytes, { contentType: 'application/pdf' });
  const result = await insertVersion(
    trx,
    {
      kind: g.kind,
      ownerMemberId: g.ownerMemberId,
      groupId: g.group.id,
      subjectId: g.subjectId,
      name: g.name,
      sha256: stored.sha256,
      size: BigInt(stored.size),
      contentType: 'application/pdf',
      uploadedBy: GENERATOR,
      createdAt: g.layout.createdAt,
      retainUntil: retainUntilAt(calendarDateAt(g.layout.createdAt), g.group, deps.retention),
      sourceEventId: g.sourceEventId,
    },
    { unlessSameContent: true },
  );
  if (!result.created) return result;
  const row = result.row;
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'documents.document.generated',
      row.id,
      {
        documentId: row.id,
        kind: kindToProto(row.kind),
        subjectId: g.subjectId,
        groupId: g.group.id,
        version: row.version,
        sha256: row.sha256,
        sizeBytes: row.size,
        sourceEventId: g.sourceEventId,
      },
      g.correlationId,
    ),
  ]);
  return result;
}
