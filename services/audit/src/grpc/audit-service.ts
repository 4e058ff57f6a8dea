import type { AuditServiceServer } from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { nextPageToken, readPage, withPolicies, type UnaryHandlers } from '@consorcio/shared/grpc';
import { requireId } from '@consorcio/shared/input';
import { signCheckpointNow } from '../app/checkpoints';
import type { AuditDeps } from '../app/deps';
import { consistencyProof, inclusionProof } from '../app/proofs';
import { verifyLog } from '../app/verify-log';
import { verifierKey } from '../domain/checkpoint';
import { nodeKey } from '../domain/merkle';
import {
  entryAt,
  entryOfEvent,
  latestCheckpoint,
  listCheckpoints,
  listEntries,
  readNodes,
  type EntryRow,
} from '../db/log-repo';
import { auditorOnly, readerOf, readersOnly, signedIn } from './access';
import { checkpointToProto, entryToProto } from './mappers';

const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** An int64 index or size of a request as a JS number (they stay far below 2^53). */
function index(field: string, value: bigint): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ValidationError(field, 'must be 0 or more');
  return Number(value);
}

/** The AuditService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function auditServiceHandlers(deps: AuditDeps): UnaryHandlers<AuditServiceServer> {
  const { db } = deps;
  const found = (row: EntryRow | undefined, what: string): EntryRow => {
    if (!row) throw new NotFoundError('entry', what);
    return row;
  };
  /** Entries with their leaf hashes as stored. */
  const withLeafHashes = async (rows: EntryRow[]) => {
    const stored = await readNodes(
      db,
      rows.map((r) => ({ level: 0, index: r.leafIndex })),
    );
    return rows.map((r) => entryToProto(r, stored.get(nodeKey({ level: 0, index: r.leafIndex }))));
  };
  const one = async (row: EntryRow) => (await withLeafHashes([row]))[0];
  const aggregateAt = async (leafIndex: bigint) => (await entryAt(db, index('leaf_index', leafIndex)))?.aggregateId;
  return withPolicies<AuditServiceServer>(
    {
      getPublicKey: signedIn,
      getLatestCheckpoint: signedIn,
      listCheckpoints: signedIn,
      getConsistencyProof: signedIn,
      signCheckpoint: auditorOnly,
      verify: auditorOnly,
      getEntry: async (ctx, req) => readerOf(db, ctx, await aggregateAt(req.leafIndex)),
      getInclusionProof: async (ctx, req) => readerOf(db, ctx, await aggregateAt(req.leafIndex)),
      getEntryByEvent: async (ctx, req) => {
        requireId('event_id', req.eventId);
        return readerOf(db, ctx, (await entryOfEvent(db, req.eventId))?.aggregateId);
      },
      listEntries: (ctx, req) => (req.aggregateId ? readerOf(db, ctx, req.aggregateId) : readersOnly(ctx)),
    },
    {
      getPublicKey: () =>
        Promise.resolve({
          origin: deps.signing.name,
          publicKeyPem: deps.signing.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          verifierKey: verifierKey(deps.signing.name, deps.signing.publicKey),
        }),
      getLatestCheckpoint: async () => {
        const row = await latestCheckpoint(db);
        if (!row) throw new NotFoundError('checkpoint', 'latest');
        return { checkpoint: checkpointToProto(row) };
      },
      listCheckpoints: async (req) => {
        const page = readPage(req.page, isIndex);
        const rows = await listCheckpoints(db, page.after ?? 0, page.limit);
        return {
          checkpoints: rows.map(checkpointToProto),
          page: { nextPageToken: nextPageToken(rows, page.limit, (c) => c.treeSize) },
        };
      },
      signCheckpoint: async () => ({ checkpoint: checkpointToProto(await signCheckpointNow(deps)) }),
      getEntry: async (req) => ({
        entry: await one(found(await entryAt(db, index('leaf_index', req.leafIndex)), String(req.leafIndex))),
      }),
      getEntryByEvent: async (req) => ({ entry: await one(found(await entryOfEvent(db, req.eventId), req.eventId)) }),
      listEntries: async (req) => {
        const page = readPage(req.page, isIndex);
        const fromIndex = page.after === undefined ? index('from_index', req.fromIndex) : page.after + 1;
        const rows = await listEntries(db, {
          ...(req.aggregateId ? { aggregateId: req.aggregateId } : {}),
          fromIndex,
          limit: page.limit,
        });
        return {
          entries: await withLeafHashes(rows),
          page: { nextPageToken: nextPageToken(rows, page.limit, (e) => e.leafIndex) },
        };
      },
      getInclusionProof: async (req) => {
        const leafIndex = index('leaf_index', req.leafIndex);
        const proof = await inclusionProof(deps, leafIndex, index('tree_size', req.treeSize));
        return {
          entry: await one(found(await entryAt(db, leafIndex), String(leafIndex))),
          treeSize: BigInt(proof.treeSize),
          hashes: proof.hashes,
          checkpoint: proof.checkpoint && checkpointToProto(proof.checkpoint),
        };
      },
      getConsistencyProof: async (req) => {
        const proof = await consistencyProof(deps, index('from_size', req.fromSize), index('to_size', req.toSize));
        return {
          fromSize: BigInt(proof.fromSize),
          toSize: BigInt(proof.toSize),
          hashes: proof.hashes,
          fromCheckpoint: proof.from && checkpointToProto(proof.from),
          toCheckpoint: proof.to && checkpointToProto(proof.to),
        };
      },
      verify: async (req) => {
        const v = await verifyLog(deps, index('from_index', req.fromIndex), index('to_index', req.toIndex));
        return {
          ok: v.problem === undefined,
          entriesChecked: BigInt(v.entriesChecked),
          checkpointsChecked: BigInt(v.checkpointsChecked),
          firstBadIndex: BigInt(v.problem?.index ?? -1),
          problem: v.problem?.problem ?? '',
          treeSize: BigInt(v.treeSize),
          rootHash: v.rootHash,
        };
      },
    },
  );
}
