import { createHash } from 'node:crypto';
import { ValidationError } from '@consorcio/shared/errors';

/**
 * The log's Merkle tree, hashed as RFC 6962 §2.1 / RFC 9162 §2.1 say so that any off-the-shelf verifier agrees with
 * it. The service stores every perfect aligned subtree as a node; everything here plans which nodes a root or proof
 * needs, folds them, and checks proofs. Pure: the caller fetches nodes and hands in a lookup.
 */

/** SHA-256 output length; every leaf hash, node hash, root and proof element has it. */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() (RFC 6962 §2.1): the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d): the 0x00 prefix keeps a leaf from passing as an interior node. */
export function hashLeaf(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(0)).update(leaf).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): an interior node. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

/** A perfect aligned subtree: leaves [index·2^level, (index+1)·2^level); level 0 is a leaf hash. */
export type NodeId = { level: number; index: number };
/** A node as stored: where it sits and its hash. */
export type StoredNode = NodeId & { hash: Buffer };
/** Reads a stored node's hash; the caller loads every node of `nodesNeeded` first. */
export type NodeLookup = (node: NodeId) => Buffer;
/** The half-open leaf ranges [start, end) whose MTH, in order, make up a proof. */
export type ProofPlan = Array<[start: number, end: number]>;

/** The key a node is stored and looked up under. */
export function nodeKey(n: NodeId): string {
  return `${n.level}:${n.index}`;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function checkCount(field: string, n: number): void {
  if (!isCount(n)) throw new ValidationError(field, `must be an integer from 0 to 2^53 − 1, got ${n}`);
}

/** The largest power of two ≤ n (n ≥ 1) and its exponent; arithmetic, not bit ops, so it holds past 2^32. */
function powerAtMost(n: number): { size: number; level: number } {
  let size = 1;
  let level = 0;
  while (size * 2 <= n) {
    size *= 2;
    level += 1;
  }
  return { size, level };
}

/** RFC 6962's split point k: the largest power of two < n (n ≥ 2). */
const split = (n: number) => powerAtMost(n - 1).size;

/**
 * [start, end) cut into perfect aligned subtrees, largest first, left to right: exactly the nodes MTH(D[start:end])
 * recurses into, for every range the RFC recursion produces (a tree's prefix, or a sibling in a path or proof).
 * @throws ValidationError when a piece is not aligned, i.e. the range is none of those.
 */
export function perfectCover(start: number, end: number): NodeId[] {
  checkCount('start', start);
  checkCount('end', end);
  if (start > end) throw new ValidationError('end', `must be ≥ start ${start}, got ${end}`);
  const nodes: NodeId[] = [];
  for (let at = start; at < end;) {
    const { size, level } = powerAtMost(end - at);
    if (at % size !== 0) throw new ValidationError('range', `[${start}, ${end}) is not a Merkle subtree range`);
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

function lookupHash(lookup: NodeLookup, node: NodeId): Buffer {
  const hash = lookup(node) as Buffer | undefined;
  if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE) throw new Error(`no stored hash for node ${nodeKey(node)}`);
  return hash;
}

/** Folds 32-byte hashes from the right, H(p0, H(p1, … pk)): how a cover's pieces make the range's MTH. */
function foldRight(hashes: readonly Buffer[]): Buffer {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) return EMPTY_ROOT;
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = hashChildren(hashes[i] as Buffer, acc);
  return acc;
}

/** MTH(D[start:end]) from stored nodes (EMPTY_ROOT for an empty range). */
export function rangeHash(start: number, end: number, lookup: NodeLookup): Buffer {
  return foldRight(perfectCover(start, end).map((n) => lookupHash(lookup, n)));
}

/** The tree head's root hash at `size`. */
export function rootHash(size: number, lookup: NodeLookup): Buffer {
  return rangeHash(0, size, lookup);
}

/**
 * The ranges of PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf side first: what an inclusion proof holds.
 * @throws ValidationError unless 0 ≤ index < size.
 */
export function inclusionPlan(index: number, size: number): ProofPlan {
  checkCount('index', index);
  checkCount('size', size);
  if (index >= size) throw new ValidationError('index', `must be less than the tree size ${size}, got ${index}`);
  const siblings: ProofPlan = [];
  let [start, end] = [0, size];
  while (end - start > 1) {
    const mid = start + split(end - start);
    if (index < mid) {
      siblings.push([mid, end]);
      end = mid;
    } else {
      siblings.push([start, mid]);
      start = mid;
    }
  }
  return siblings.reverse();
}

/**
 * The ranges of PROOF(oldSize, D[0:newSize]) = SUBPROOF(oldSize, D[0:newSize], true) (RFC 9162 §2.1.4.1), in the
 * RFC's order. Empty when oldSize is 0 or equals newSize: nothing needs proving.
 * @throws ValidationError unless 0 ≤ oldSize ≤ newSize.
 */
export function consistencyPlan(oldSize: number, newSize: number): ProofPlan {
  checkCount('old_size', oldSize);
  checkCount('new_size', newSize);
  if (oldSize > newSize) throw new ValidationError('old_size', `must be ≤ the new size ${newSize}, got ${oldSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const outer: ProofPlan = [];
  let [start, end, m, whole] = [0, newSize, oldSize, true];
  while (m !== end - start) {
    const k = split(end - start);
    if (m <= k) {
      outer.push([start + k, end]);
      end = start + k;
    } else {
      outer.push([start, start + k]);
      start += k;
      m -= k;
      whole = false;
    }
  }
  // SUBPROOF(m, D, b) with m = |D|: nothing when D is the old tree itself (b), else MTH(D).
  if (!whole) outer.push([start, end]);
  return outer.reverse();
}

/** Every stored node a plan reads, each once, so the caller can load them in one query. */
export function nodesNeeded(plan: ProofPlan): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [start, end] of plan) for (const n of perfectCover(start, end)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

/** The proof's hashes: MTH of each planned range, in order. */
export function proofFromPlan(plan: ProofPlan, lookup: NodeLookup): Buffer[] {
  return plan.map(([start, end]) => rangeHash(start, end, lookup));
}

/**
 * The right edge of a growing tree: the peaks (hashes of perfectCover(0, size)), enough to append leaves and know
 * the root without reading the rest of the tree.
 */
export class CompactRange {
  #size: number;
  readonly #peaks: Buffer[];

  /** @throws ValidationError when the peaks are not one 32-byte hash per node of `peakIds(size)`. */
  constructor(size: number, peaks: readonly Buffer[]) {
    const expected = CompactRange.peakIds(size).length;
    if (peaks.length !== expected)
      throw new ValidationError('peaks', `a tree of ${size} leaves has ${expected} peaks, got ${peaks.length}`);
    if (peaks.some((p) => p.length !== HASH_SIZE))
      throw new ValidationError('peaks', `must be ${HASH_SIZE}-byte hashes`);
    this.#size = size;
    this.#peaks = peaks.map((p) => Buffer.from(p));
  }

  /** The stored nodes to load for a range of `size` leaves, left to right. */
  static peakIds(size: number): NodeId[] {
    return perfectCover(0, size);
  }

  get size(): number {
    return this.#size;
  }

  /** Copies of the peaks, left to right. */
  get peaks(): Buffer[] {
    return this.#peaks.map((p) => Buffer.from(p));
  }

  /**
   * Appends one leaf hash. Returns every perfect node it completes, the leaf (level 0) first, then each parent:
   * a parent completes when its right child does, so there are 2 per append on average.
   */
  append(leafHash: Buffer): StoredNode[] {
    if (leafHash.length !== HASH_SIZE) throw new ValidationError('leaf_hash', `must be ${HASH_SIZE} bytes`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new ValidationError('size', 'the tree is full');
    let node: StoredNode = { level: 0, index: this.#size, hash: Buffer.from(leafHash) };
    const created = [node];
    while (node.index % 2 === 1) {
      const left = this.#peaks.pop();
      if (left === undefined) throw new Error('compact range lost a peak');
      node = { level: node.level + 1, index: (node.index - 1) / 2, hash: hashChildren(left, node.hash) };
      created.push(node);
    }
    this.#peaks.push(node.hash);
    this.#size += 1;
    return created;
  }

  /** MTH of the leaves so far. */
  root(): Buffer {
    return foldRight(this.#peaks);
  }
}

/** The root over all leaf hashes, streamed: full recomputation for an audit of the stored tree. */
export function rootOfLeafHashes(hashes: Iterable<Buffer>): Buffer {
  const range = new CompactRange(0, []);
  for (const h of hashes) range.append(h);
  return range.root();
}

const isHash = (h: Uint8Array) => h.length === HASH_SIZE;
const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: does `proof` put `leafHash` at `index` of the tree of `size` leaves whose root is `root`? */
export function verifyInclusion(
  leafHash: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let [fn, sn, r] = [index, size - 1, leafHash];
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [fn / 2, half(sn)];
    } else {
      r = hashChildren(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree (newSize, newRoot) an append-only extension of (oldSize, oldRoot)? Equal sizes
 * need equal roots and an empty proof; an empty old tree (whose root can only be EMPTY_ROOT) precedes any tree,
 * with an empty proof.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Buffer,
  newRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!isCount(oldSize) || !isCount(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0 && oldRoot.equals(EMPTY_ROOT);
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (proof.length === 0) return false;
  // An old tree that is a perfect subtree is a node of the new one, and the RFC leaves it out of the proof.
  const path = powerAtMost(oldSize).size === oldSize ? [oldRoot, ...proof] : [...proof];
  let [fn, sn] = [oldSize - 1, newSize - 1];
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0] as Buffer;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [fn / 2, half(sn)];
    } else {
      sr = hashChildren(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
