import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  CompactRange,
  EMPTY_ROOT,
  consistencyPlan,
  hashChildren,
  hashLeaf,
  inclusionPlan,
  nodeKey,
  nodesNeeded,
  perfectCover,
  proofFromPlan,
  rootHash,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type NodeId,
} from '../../src/domain/merkle';

// An independent reference, straight from the recursive definitions of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF)
// over leaf data; it shares nothing with the code under test.
const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
/** k, the largest power of two less than n (n > 1): twice that of ⌈n/2⌉. */
const refK = (n: number): number => (n <= 2 ? 1 : 2 * refK(Math.ceil(n / 2)));
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return sha256();
  if (D.length === 1) return sha256(Buffer.from([0]), D[0]!);
  const k = refK(D.length);
  return sha256(Buffer.from([1]), MTH(D.slice(0, k)), MTH(D.slice(k)));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length <= 1) return [];
  const k = refK(D.length);
  return m < k ? [...PATH(m, D.slice(0, k)), MTH(D.slice(k))] : [...PATH(m - k, D.slice(k)), MTH(D.slice(0, k))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  if (m === D.length) return b ? [] : [MTH(D)];
  const k = refK(D.length);
  return m <= k
    ? [...SUBPROOF(m, D.slice(0, k), b), MTH(D.slice(k))]
    : [...SUBPROOF(m - k, D.slice(k), false), MTH(D.slice(0, k))];
}
const PROOF = (m: number, D: Buffer[]) => SUBPROOF(m, D, true);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');
const hexes = (bs: Buffer[]) => bs.map(hex);
/** A lookup that only answers nodes a tree of `size` leaves has, so a plan reaching past the tree fails. */
const lookupIn = (store: Map<string, Buffer>, size: number) => (n: NodeId) => {
  assert.ok((n.index + 1) * 2 ** n.level <= size, `node ${nodeKey(n)} is outside a tree of ${size}`);
  return store.get(nodeKey(n)) ?? assert.fail(`node ${nodeKey(n)} was not stored`);
};
/** A proof built the way the service does: plan, load exactly nodesNeeded, fold. */
function servedProof(plan: Array<[number, number]>, store: Map<string, Buffer>, size: number): Buffer[] {
  const loaded = new Map(nodesNeeded(plan).map((n) => [nodeKey(n), lookupIn(store, size)(n)]));
  return proofFromPlan(plan, (n) => loaded.get(nodeKey(n)) ?? assert.fail(`${nodeKey(n)} not in nodesNeeded`));
}

const N = 64;
const DATA = Array.from({ length: N }, (_, i) => Buffer.from(`entry ${i}`.repeat((i % 3) + 1)));
/** Every perfect aligned subtree, hashed by the reference: what the service stores. */
const STORE = new Map<string, Buffer>();
for (let level = 0, w = 1; w <= N; level += 1, w *= 2)
  for (let index = 0; (index + 1) * w <= N; index += 1)
    STORE.set(nodeKey({ level, index }), MTH(DATA.slice(index * w, (index + 1) * w)));
const ROOTS = Array.from({ length: N + 1 }, (_, n) => MTH(DATA.slice(0, n)));

// Certificate Transparency test vectors, as published in transparency-dev/merkle testonly/constants.go and
// proof/verify_test.go (also in google/certificate-transparency-go); leaf numbers there are 1-based.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** Published hashes of every perfect subtree of the 8 leaves, as `level:index hash`. */
const CT_NODES = new Map(
  `0:0 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d
   0:1 96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7
   0:2 0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7
   0:3 07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7
   0:4 bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b
   0:5 4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658
   0:6 b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f
   0:7 46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1
   1:0 fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125
   1:1 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e
   1:2 0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a
   1:3 ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0
   2:0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7
   2:1 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4
   3:0 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328`
    .split('\n')
    .map((line) => line.trim().split(' ') as [string, string]),
);
/** Published proofs as the nodes they consist of: `index/size` (0-based here) and `old size/new size`. */
const CT_INCLUSION = { '0/8': '0:1 1:1 2:1', '5/8': '0:4 1:3 2:0', '2/3': '1:0', '1/5': '0:0 1:1 0:4' };
const CT_CONSISTENCY = { '1/8': '0:1 1:1 2:1', '6/8': '1:2 1:3 2:0', '2/5': '1:1 0:4', '6/7': '1:2 0:6 2:0' };
const vectors = (table: Record<string, string>) =>
  Object.entries(table).map(([k, nodes]) => [...(k.split('/').map(Number) as [number, number]), nodes] as const);

describe('Merkle tree (RFC 6962 / RFC 9162)', () => {
  describe('known answers (Certificate Transparency vectors)', () => {
    const ctLeafHashes = CT_LEAVES.map((l) => hashLeaf(unhex(l)));
    const ctStore = new Map([...CT_NODES].map(([k, h]) => [k, unhex(h)]));
    const published = (nodes: string) => nodes.split(' ').map((k) => CT_NODES.get(k)!);

    it('hashes the empty tree, the leaves, every node and the roots of sizes 0..8 as published', () => {
      assert.equal(hex(EMPTY_ROOT), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      assert.equal(hex(hashLeaf(new Uint8Array())), CT_ROOTS[1]);
      assert.equal(hex(hashChildren(ctLeafHashes[0]!, ctLeafHashes[1]!)), CT_ROOTS[2]);
      for (let n = 0; n <= 8; n += 1) {
        assert.equal(hex(rootOfLeafHashes(ctLeafHashes.slice(0, n))), CT_ROOTS[n], `streamed root of size ${n}`);
        assert.equal(hex(rootHash(n, lookupIn(ctStore, n))), CT_ROOTS[n], `stored root of size ${n}`);
        assert.equal(hex(MTH(CT_LEAVES.slice(0, n).map(unhex))), CT_ROOTS[n], `the reference itself, size ${n}`);
      }
      const range = new CompactRange(0, []);
      const emitted = ctLeafHashes.flatMap((h) => range.append(h));
      assert.deepEqual(new Map(emitted.map((n) => [nodeKey(n), hex(n.hash)])), CT_NODES, 'CompactRange nodes');
    });

    it('builds and verifies the published inclusion and consistency proofs', () => {
      for (const [index, size, nodes] of vectors(CT_INCLUSION)) {
        const proof = proofFromPlan(inclusionPlan(index, size), lookupIn(ctStore, size));
        assert.deepEqual(hexes(proof), published(nodes));
        assert.ok(verifyInclusion(ctLeafHashes[index]!, index, size, proof, unhex(CT_ROOTS[size]!)));
      }
      for (const [m, n, nodes] of vectors(CT_CONSISTENCY)) {
        const proof = proofFromPlan(consistencyPlan(m, n), lookupIn(ctStore, n));
        assert.deepEqual(hexes(proof), published(nodes));
        assert.ok(verifyConsistency(m, n, unhex(CT_ROOTS[m]!), unhex(CT_ROOTS[n]!), proof));
      }
    });
  });

  describe('against the RFC reference, every size up to 64', () => {
    const leafHashes = DATA.map((d) => hashLeaf(d));

    it('every inclusion proof equals PATH(m, D[n]), every consistency proof PROOF(m, D[n]), and both verify', () => {
      for (let n = 1; n <= N; n += 1)
        for (let m = 0; m < n; m += 1) {
          const proof = servedProof(inclusionPlan(m, n), STORE, n);
          assert.deepEqual(hexes(proof), hexes(PATH(m, DATA.slice(0, n))), `PATH(${m}, D[${n}])`);
          assert.ok(verifyInclusion(leafHashes[m]!, m, n, proof, ROOTS[n]!), `inclusion of ${m} in ${n}`);
        }
      for (let n = 1; n <= N; n += 1)
        for (let m = 1; m <= n; m += 1) {
          const proof = servedProof(consistencyPlan(m, n), STORE, n);
          assert.deepEqual(hexes(proof), hexes(m === n ? [] : PROOF(m, DATA.slice(0, n))), `PROOF(${m}, D[${n}])`);
          assert.ok(verifyConsistency(m, n, ROOTS[m]!, ROOTS[n]!, proof), `consistency ${m} → ${n}`);
        }
    });

    it('CompactRange: each append emits exactly the subtrees it completes, and the root is MTH', () => {
      const range = new CompactRange(0, []);
      let emitted = 0;
      for (let n = 1; n <= N; n += 1) {
        const resumed = new CompactRange(n - 1, CompactRange.peakIds(n - 1).map(lookupIn(STORE, n - 1)));
        assert.deepEqual(resumed.root(), ROOTS[n - 1], `resumed from the stored peaks of ${n - 1}`);
        const created = range.append(leafHashes[n - 1]!);
        assert.deepEqual(resumed.append(leafHashes[n - 1]!), created);
        const completed: string[] = []; // the subtrees ending at leaf n − 1, smallest first
        for (let level = 0, w = 1; n % w === 0; level += 1, w *= 2)
          completed.push(nodeKey({ level, index: n / w - 1 }));
        assert.deepEqual(created.map(nodeKey), completed, `append #${n}`);
        for (const node of created) assert.deepEqual(node.hash, STORE.get(nodeKey(node)), nodeKey(node));
        assert.equal(range.size, n);
        assert.deepEqual(range.root(), ROOTS[n], `root at ${n}`);
        assert.deepEqual(rootHash(n, lookupIn(STORE, n)), ROOTS[n], `stored root at ${n}`);
        emitted += created.length;
      }
      assert.equal(emitted, 2 * N - 1, 'each perfect subtree once, ~2 per append');
      assert.throws(() => new CompactRange(3, [EMPTY_ROOT]), /a tree of 3 leaves has 2 peaks/);
    });
  });

  describe('properties (fast-check), trees up to 2000 leaves', () => {
    const BIG = 2000;
    const data = Array.from({ length: BIG + 1 }, (_, i) => Buffer.from(`leaf ${i}`));
    const leaves = data.map((d) => hashLeaf(d));
    // The store is CompactRange's own output here: the exhaustive check against the reference is above.
    const range = new CompactRange(0, []);
    const store = new Map(leaves.flatMap((h) => range.append(h)).map((n) => [nodeKey(n), n.hash]));
    const roots = new Map<number, Buffer>();
    const root = (n: number) => roots.get(n) ?? roots.set(n, MTH(data.slice(0, n))).get(n)!;
    /** A copy of `h` with bit `bit` (mod 256) flipped. */
    const flip = (h: Buffer, bit: number) =>
      Buffer.from(h.map((b, i) => (i === (bit >> 3) % 32 ? b ^ (1 << (bit % 8)) : b)));
    const flipIn = (proof: Buffer[], at: number, bit: number) =>
      proof.map((h, i) => (i === at % proof.length ? flip(h, bit) : h));
    /** A value of [lo, hi] other than `v` (hi > lo), picked by `pick`. */
    const other = (v: number, lo: number, hi: number, pick: number) =>
      lo + ((v - lo + 1 + (pick % (hi - lo))) % (hi - lo + 1));
    const tamper = { pick: fc.nat(), bit: fc.nat() };
    const sizes = fc.integer({ min: 2, max: BIG });
    const inclusionCase = sizes.chain((size) =>
      fc.record({ size: fc.constant(size), index: fc.nat(size - 1), ...tamper }),
    );
    const consistencyCase = sizes.chain((n) =>
      fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n - 1 }), ...tamper }),
    );
    const RUNS = { numRuns: 200 };

    it('inclusion proofs equal PATH and verify; a flipped bit, a wrong index, size or root, a hash less or more fail', () => {
      fc.assert(
        fc.property(inclusionCase, ({ size, index, pick, bit }) => {
          const proof = servedProof(inclusionPlan(index, size), store, size);
          assert.deepEqual(hexes(proof), hexes(PATH(index, data.slice(0, size))));
          const ok = (i: number, n: number, p: Buffer[], r: Buffer) => verifyInclusion(leaves[index]!, i, n, p, r);
          assert.ok(ok(index, size, proof, root(size)));
          assert.equal(ok(index, size, flipIn(proof, pick, bit), root(size)), false, 'flipped bit');
          const index2 = other(index, 0, size - 1, pick);
          assert.equal(ok(index2, size, proof, root(size)), false, `index ${index2}`);
          const size2 = other(size, index + 1, BIG + 1, pick);
          assert.equal(ok(index, size2, proof, root(size2)), false, `size ${size2} with its root`);
          assert.equal(ok(index, size * 2, proof, root(size)), false, 'size × 2');
          if (index < size >> 1) assert.equal(ok(index, size >> 1, proof, root(size)), false, 'size / 2');
          assert.equal(ok(index, size, proof, flip(root(size), bit)), false, 'flipped root');
          assert.equal(ok(index, size, proof.slice(1), root(size)), false, 'shortened');
          assert.equal(ok(index, size, [...proof, root(size)], root(size)), false, 'lengthened');
        }),
        RUNS,
      );
    });

    it('consistency proofs equal PROOF and verify; a flipped bit, a wrong size or root, a hash less or more fail', () => {
      fc.assert(
        fc.property(consistencyCase, ({ m, n, pick, bit }) => {
          const proof = servedProof(consistencyPlan(m, n), store, n);
          assert.deepEqual(hexes(proof), hexes(PROOF(m, data.slice(0, n))));
          const ok = (a: number, b: number, ra: Buffer, rb: Buffer, p = proof) => verifyConsistency(a, b, ra, rb, p);
          assert.ok(ok(m, n, root(m), root(n)));
          assert.equal(ok(m, n, root(m), root(n), flipIn(proof, pick, bit)), false, 'flipped bit');
          const m2 = other(m, 1, n, pick);
          assert.equal(ok(m2, n, root(m2), root(n)), false, `old size ${m2} with its root`);
          for (const wrong of [m - 1, m + 1, m ^ 2].filter((w) => w !== m && w > 0 && w <= n))
            assert.equal(ok(wrong, n, root(m), root(n)), false, `old size ${wrong}`);
          const n2 = other(n, m, BIG + 1, pick);
          assert.equal(ok(m, n2, root(m), root(n2)), false, `new size ${n2} with its root`);
          assert.equal(ok(m, n * 2, root(m), root(n)), false, 'new size × 2');
          if (m <= n >> 1) assert.equal(ok(m, n >> 1, root(m), root(n)), false, 'new size / 2');
          assert.equal(ok(m, n, flip(root(m), bit), root(n)), false, 'flipped old root');
          assert.equal(ok(m, n, root(m), flip(root(n), bit)), false, 'flipped new root');
          assert.equal(ok(m, n, root(n), root(m)), false, 'swapped roots');
          assert.equal(ok(m, n, root(m), root(n), proof.slice(0, -1)), false, 'shortened');
          assert.equal(ok(m, n, root(m), root(n), [...proof, root(n)]), false, 'lengthened');
        }),
        RUNS,
      );
    });
  });

  describe('edges', () => {
    it('covers a range with perfect aligned subtrees, largest first, only such ranges; loads each node once', () => {
      assert.deepEqual(perfectCover(0, 13).map(nodeKey), ['3:0', '2:2', '0:12']);
      assert.deepEqual(perfectCover(8, 14).map(nodeKey), ['2:2', '1:6']);
      assert.deepEqual(perfectCover(5, 5), []);
      assert.throws(() => perfectCover(1, 3), /not a Merkle subtree range/);
      const plan = consistencyPlan(6, 13);
      const needed = nodesNeeded([...plan, ...plan]).map(nodeKey);
      assert.deepEqual(needed.sort(), [...new Set(plan.flatMap(([s, e]) => perfectCover(s, e).map(nodeKey)))].sort());
    });

    it('stays exact past 2^32 leaves', () => {
      const size = 2 ** 40 + 5;
      assert.deepEqual(perfectCover(0, size).map(nodeKey), ['40:0', `2:${2 ** 38}`, `0:${2 ** 40 + 4}`]);
      assert.deepEqual(inclusionPlan(size - 1, size).flat(), [2 ** 40, 2 ** 40 + 4, 0, 2 ** 40]);
      assert.equal(consistencyPlan(2 ** 33, 2 ** 40).length, 7);
    });

    it('plans nothing for trivial consistency, rejects impossible requests, verifies the trivial cases', () => {
      assert.throws(() => inclusionPlan(5, 5), /index: must be less than the tree size 5/);
      assert.throws(() => inclusionPlan(-1, 5), /index/);
      assert.throws(() => consistencyPlan(6, 5), /old_size/);
      assert.deepEqual(consistencyPlan(0, 5), []);
      assert.deepEqual(consistencyPlan(5, 5), []);
      const [r1, r2] = [ROOTS[1]!, ROOTS[2]!];
      assert.ok(verifyInclusion(hashLeaf(DATA[0]!), 0, 1, [], r1), 'a single leaf is its own root');
      assert.equal(verifyInclusion(hashLeaf(DATA[0]!), 1, 1, [], r1), false, 'index = size');
      assert.ok(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, []));
      assert.ok(verifyConsistency(0, 2, EMPTY_ROOT, r2, []), 'the empty tree precedes any tree');
      assert.equal(verifyConsistency(0, 2, EMPTY_ROOT, r2, [r1]), false, 'but only with an empty proof');
      assert.equal(verifyConsistency(0, 2, r1, r2, []), false, 'and only its root is EMPTY_ROOT');
      assert.ok(verifyConsistency(2, 2, r2, r2, []));
      assert.equal(verifyConsistency(2, 2, r1, r2, []), false, 'equal sizes need equal roots');
      assert.equal(verifyConsistency(1, 2, r1, r2, []), false, 'a growing tree needs a proof');
      assert.equal(verifyConsistency(2, 1, r2, r1, []), false, 'trees do not shrink');
    });
  });
});
