import { appendToOutbox } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import { ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import { checkUpload } from '../domain/upload-rules';
import { retainUntilAt } from '../domain/retention';
import { insertVersion, lockContent, type DocumentRow } from '../db/documents-repo';
import { findGroup, findQuota, type ProjectedGroup } from '../db/projections-repo';
import { outgoing } from '../events/outgoing';
import { kindToProto } from './kinds';
import { SCHEMA, type CommandMeta, type DocumentsDeps } from './deps';

export interface UploadCommand {
  ownerMemberId: string;
  name: string;
  kind: string;
  subjectId: string;
  groupId: string;
  declaredContentType: string;
  expectedSha256: string;
  bytes: Uint8Array;
}

/** The group an upload is kept for: the one named, or the group of the member's record it names. */
async function groupOf(deps: DocumentsDeps, cmd: UploadCommand): Promise<ProjectedGroup | undefined> {
  let groupId = cmd.groupId;
  if (cmd.subjectId) {
    const quota = await findQuota(deps.db, cmd.subjectId);
    if (quota && quota.memberId !== cmd.ownerMemberId)
      throw new ValidationError('subject_id', 'names a quota record the member does not hold');
    if (quota && groupId && quota.groupId !== groupId)
      throw new ValidationError('group_id', 'is not the group of the quota record named by subject_id');
    groupId = quota?.groupId ?? groupId;
  }
  if (!groupId) return undefined;
  const group = await findGroup(deps.db, groupId);
  if (!group) throw new ValidationError('group_id', 'is not a known group');
  return group;
}

/**
 * A member's document (§ docs/documents.md): checked (name, kind, size, type by its bytes, checksum), stored in the
 * object store under its SHA-256, and recorded as the next version of its name with `documents.document.uploaded`
 * in one transaction. The object is written first: a failed transaction leaves at most an unreferenced object,
 * never a row without its content.
 */
export async function uploadDocument(deps: DocumentsDeps, meta: CommandMeta, cmd: UploadCommand): Promise<DocumentRow> {
  requireId('owner_member_id', cmd.ownerMemberId);
  if (cmd.subjectId) requireId('subject_id', cmd.subjectId);
  if (cmd.groupId) requireId('group_id', cmd.groupId);
  const checked = checkUpload(cmd, await deps.limits.maxUploadBytes());
  const group = await groupOf(deps, cmd);
  await deps.store.put(cmd.bytes, { contentType: checked.contentType });
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    await lockContent(trx, checked.sha256);
    // A purge may have removed this content between the put and the lock: store it again.
    if (!(await deps.store.has(checked.sha256))) await deps.store.put(cmd.bytes, { contentType: checked.contentType });
    const { row } = await insertVersion(
      trx,
      {
        kind: checked.kind,
        ownerMemberId: cmd.ownerMemberId,
        groupId: group?.id ?? null,
        subjectId: cmd.subjectId || null,
        name: cmd.name,
        sha256: checked.sha256,
        size: BigInt(cmd.bytes.length),
        contentType: checked.contentType,
        uploadedBy: meta.userId,
        createdAt: now,
        retainUntil: retainUntilAt(calendarDateAt(now), group, deps.retention),
        sourceEventId: null,
      },
      { unlessSameContent: false },
    );
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'documents.document.uploaded',
        row.id,
        {
          documentId: row.id,
          kind: kindToProto(row.kind),
          ownerMemberId: cmd.ownerMemberId,
          subjectId: row.subjectId ?? '',
          version: row.version,
          sha256: row.sha256,
          sizeBytes: row.size,
          contentType: row.contentType,
        },
        meta.correlationId,
      ),
    ]);
    return row;
  });
}
