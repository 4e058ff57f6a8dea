import { GENESIS_HASH, chainHash } from './hash-chain';
import { CompactRange, hashLeaf, type NodeId } from './merkle';

/** One stored entry as a verifier reads it. */
export interface StoredEntry {
  leafIndex: number;
  leaf: Buffer;
  previousHash: Buffer;
  currentHash: Buffer;
}

/** A signed tree head whose signature was already checked: the root it promises at a size. */
export interface TrustedHead {
  size: number;
  rootHash: Buffer;
}

/** The first thing found wrong, and where. */
export interface LogProblem {
  index: number;
  problem: string;
}

/** Where verification starts: the empty log, or a stored prefix taken as it is. */
export interface VerifyStart {
  size: number;
  peaks: Buffer[];
  previousHash: Buffer;
}

export const EMPTY_START: VerifyStart = { size: 0, peaks: [], previousHash: GENESIS_HASH };

/**
 * Recomputes a log from its entries' bytes, one entry at a time, and checks everything that can disagree with
 * them: indexes without gaps, the hash chain, stored tree nodes (when the caller can look them up) and the root
 * promised by every head it reaches. Keeps the problem with the lowest index: a changed byte, a swap of two entries
 * and a missing tail are each named at the first bad index.
 */
export class LogVerifier {
  private readonly range: CompactRange;
  private readonly heads = new Map<number, Buffer>();
  private readonly lastHeadSize: number;
  private previousHash: Buffer;
  private lastGoodHead: number;
  /** Problems pinned to one entry (its bytes, its chain link, its index) and those only bounded (a subtree, a head). */
  private precise: LogProblem | undefined;
  private bounded: LogProblem | undefined;
  headsChecked = 0;

  constructor(
    start: VerifyStart,
    heads: readonly TrustedHead[],
    private readonly storedNode?: (id: NodeId) => Buffer | undefined,
  ) {
    this.range = new CompactRange(start.size, start.peaks);
    this.previousHash = start.previousHash;
    this.lastGoodHead = start.size;
    for (const h of heads) if (h.size > start.size) this.heads.set(h.size, h.rootHash);
    this.lastHeadSize = Math.max(0, ...this.heads.keys());
  }

  get size(): number {
    return this.range.size;
  }

  root(): Buffer {
    return this.range.root();
  }

  /** The lowest entry-level problem; otherwise the lowest bound a wrong subtree or head gives. */
  get problem(): LogProblem | undefined {
    return this.precise ?? this.bounded;
  }

  /** Feeds the next entry; entries must come in index order. */
  add(entry: StoredEntry): void {
    const index = this.range.size;
    if (entry.leafIndex !== index) {
      this.report(index, `entry ${index} is missing (the next stored entry is ${entry.leafIndex})`);
    }
    const leafHash = hashLeaf(entry.leaf);
    if (!entry.previousHash.equals(this.previousHash)) {
      this.report(index, `entry ${index}: previous_hash is not the current_hash of entry ${index - 1}`);
    }
    if (!entry.currentHash.equals(chainHash(entry.previousHash, leafHash))) {
      this.report(index, `entry ${index}: current_hash is not SHA-256(previous_hash ‖ leaf hash)`);
    }
    this.previousHash = entry.currentHash;
    for (const node of this.range.append(leafHash)) {
      const stored = this.storedNode?.(node);
      if (stored && !stored.equals(node.hash)) {
        const first = node.index * 2 ** node.level;
        if (node.level === 0) this.report(first, `entry ${first}: its bytes do not hash to the stored leaf hash`);
        else this.report(first, `stored node ${node.level}/${node.index} (entries from ${first}) differs`, false);
      }
    }
    this.checkHeadsAt(this.range.size);
  }

  /** Ends the stream: heads beyond the last entry mean the log was cut short. */
  finish(expectWholeLog: boolean): LogProblem | undefined {
    const size = this.range.size;
    if (expectWholeLog && this.lastHeadSize > size) {
      this.report(size, `log truncated: a checkpoint covers ${this.lastHeadSize} entries, the log has ${size}`);
    }
    return this.problem;
  }

  private checkHeadsAt(size: number): void {
    const promised = this.heads.get(size);
    if (!promised) return;
    this.headsChecked++;
    if (promised.equals(this.range.root())) this.lastGoodHead = size;
    else {
      const what = `entries ${this.lastGoodHead}..${size - 1} do not give the root signed at size ${size}`;
      this.report(this.lastGoodHead, what, false);
    }
  }

  private report(index: number, problem: string, pinned = true): void {
    const current = pinned ? this.precise : this.bounded;
    if (current && current.index <= index) return;
    if (pinned) this.precise = { index, problem };
    else this.bounded = { index, problem };
  }
}
