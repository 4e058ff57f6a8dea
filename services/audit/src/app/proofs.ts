import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { consistencyPlan, inclusionPlan, nodeKey, nodesNeeded, proofFromPlan, type NodeId } from '../domain/merkle';
import { checkpointOfSize, latestCheckpoint, logTail, readNodes, type CheckpointRow } from '../db/log-repo';
import type { AuditDeps } from './deps';

/** An inclusion proof: the path from a leaf to the root of a tree size, and that size's checkpoint if signed. */
export interface InclusionProof {
  treeSize: number;
  hashes: Buffer[];
  checkpoint: CheckpointRow | undefined;
}

/** The proof that entry `leafIndex` is in the tree of `treeSize` (0: the newest signed checkpoint's). */
export async function inclusionProof(deps: AuditDeps, leafIndex: number, treeSize: number): Promise<InclusionProof> {
  const { size, checkpoint } = await treeOf(deps, treeSize, 'tree_size');
  if (leafIndex >= size) throw new ValidationError('leaf_index', `must be below the tree size ${size}`);
  const plan = inclusionPlan(leafIndex, size);
  return { treeSize: size, hashes: await hashesOf(deps, plan), checkpoint };
}

/** A consistency proof between two tree sizes, with their checkpoints when signed. */
export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  hashes: Buffer[];
  from: CheckpointRow | undefined;
  to: CheckpointRow | undefined;
}

/** The proof that the tree of `toSize` (0: the newest signed checkpoint's) extends the tree of `fromSize`. */
export async function consistencyProof(deps: AuditDeps, fromSize: number, toSize: number): Promise<ConsistencyProof> {
  const to = await treeOf(deps, toSize, 'to_size');
  if (fromSize < 1 || fromSize > to.size) throw new ValidationError('from_size', `must be 1..${to.size}`);
  const plan = consistencyPlan(fromSize, to.size);
  const from = await checkpointOfSize(deps.db, fromSize);
  return { fromSize, toSize: to.size, hashes: await hashesOf(deps, plan), from, to: to.checkpoint };
}

async function treeOf(
  deps: AuditDeps,
  treeSize: number,
  field: string,
): Promise<{ size: number; checkpoint: CheckpointRow | undefined }> {
  if (treeSize === 0) {
    const latest = await latestCheckpoint(deps.db);
    if (!latest) throw new RuleViolation('NO_CHECKPOINT', 'no checkpoint has been signed yet: pass a tree size');
    return { size: latest.treeSize, checkpoint: latest };
  }
  const { size } = await logTail(deps.db);
  if (treeSize < 0 || treeSize > size) throw new ValidationError(field, `must be 1..${size}, the log's size`);
  return { size: treeSize, checkpoint: await checkpointOfSize(deps.db, treeSize) };
}

async function hashesOf(deps: AuditDeps, plan: ReturnType<typeof inclusionPlan>): Promise<Buffer[]> {
  const stored = await readNodes(deps.db, nodesNeeded(plan));
  return proofFromPlan(plan, (id: NodeId) => {
    const hash = stored.get(nodeKey(id));
    if (!hash) throw new Error(`audit log damaged: tree node ${id.level}/${id.index} is missing`);
    return hash;
  });
}
