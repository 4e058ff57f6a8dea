import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GENESIS_HASH, chainHash } from '../../src/domain/hash-chain';
import { EMPTY_START, LogVerifier, type StoredEntry, type TrustedHead } from '../../src/domain/log-verifier';
import { CompactRange, hashLeaf, nodeKey, type NodeId } from '../../src/domain/merkle';

/** A log built the way the service appends: entries with their chain, every perfect node, heads at some sizes. */
function buildLog(leaves: Buffer[], headSizes: number[]) {
  const range = new CompactRange(0, []);
  const nodes = new Map<string, Buffer>();
  const heads: TrustedHead[] = [];
  let previous = GENESIS_HASH;
  const entries: StoredEntry[] = leaves.map((leaf, i) => {
    const currentHash = chainHash(previous, hashLeaf(leaf));
    const entry = { leafIndex: i, leaf, previousHash: previous, currentHash };
    previous = currentHash;
    for (const n of range.append(hashLeaf(leaf))) nodes.set(nodeKey(n), n.hash);
    if (headSizes.includes(i + 1)) heads.push({ size: i + 1, rootHash: range.root() });
    return entry;
  });
  return { entries, nodes, heads };
}

function verify(entries: StoredEntry[], heads: TrustedHead[], nodes?: Map<string, Buffer>) {
  const v = new LogVerifier(EMPTY_START, heads, nodes && ((id: NodeId) => nodes.get(nodeKey(id))));
  for (const e of entries) v.add(e);
  return { problem: v.finish(true), headsChecked: v.headsChecked };
}

const logArb = fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { minLength: 2, maxLength: 120 }).chain((raw) =>
  fc.record({
    leaves: fc.constant(raw.map((b) => Buffer.from(b))),
    headSizes: fc.uniqueArray(fc.integer({ min: 1, max: raw.length }), { maxLength: 5 }).map((s) => [...s, raw.length]),
  }),
);

describe('LogVerifier: recomputing a log names the first bad index', () => {
  it('accepts an untouched log and checks every head it reaches', () => {
    fc.assert(
      fc.property(logArb, ({ leaves, headSizes }) => {
        const { entries, nodes, heads } = buildLog(leaves, headSizes);
        const r = verify(entries, heads, nodes);
        assert.equal(r.problem, undefined);
        assert.equal(r.headsChecked, new Set(headSizes).size);
      }),
      { numRuns: 200 },
    );
  });

  it('names the entry whose bytes changed, with or without the stored nodes', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), fc.nat(), ({ leaves, headSizes }, at, bit) => {
        const { entries, nodes, heads } = buildLog(leaves, headSizes);
        const k = at % entries.length;
        const entry = entries[k]!;
        const leaf = Buffer.concat([entry.leaf, Buffer.alloc(entry.leaf.length === 0 ? 1 : 0)]);
        leaf[bit % leaf.length]! ^= 1 << (bit % 8);
        entries[k] = { ...entry, leaf };
        assert.equal(verify(entries, heads, nodes).problem?.index, k);
        assert.equal(verify(entries, heads).problem?.index, k);
      }),
      { numRuns: 200 },
    );
  });

  it('names the first of two swapped entries', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), fc.nat(), ({ leaves, headSizes }, a, b) => {
        const { entries, nodes, heads } = buildLog(leaves, headSizes);
        const [i, j] = [a % entries.length, b % entries.length].sort((x, y) => x - y) as [number, number];
        fc.pre(i !== j && !entries[i]!.leaf.equals(entries[j]!.leaf));
        const swapped = entries.map((e, n) =>
          n === i ? { ...entries[j]!, leafIndex: i } : n === j ? { ...entries[i]!, leafIndex: j } : e,
        );
        assert.equal(verify(swapped, heads, nodes).problem?.index, i);
      }),
      { numRuns: 200 },
    );
  });

  it('names a missing entry, and the first index a truncation removed', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), ({ leaves, headSizes }, at) => {
        const { entries, nodes, heads } = buildLog(leaves, headSizes);
        const k = at % entries.length;
        const gap = entries.filter((_, n) => n !== k);
        const r = verify(gap, heads, nodes).problem;
        assert.equal(r?.index, k);
        const cut = verify(entries.slice(0, k), heads, nodes).problem;
        assert.equal(cut?.index, k);
        assert.match(cut.problem, /truncated/);
      }),
      { numRuns: 200 },
    );
  });

  it('bounds a consistent rewrite (entries, chain and nodes redone) by the head it contradicts', () => {
    const { entries, heads } = buildLog(
      Array.from({ length: 10 }, (_, i) => Buffer.from([i])),
      [4, 10],
    );
    const forged = buildLog(
      Array.from({ length: 10 }, (_, i) => Buffer.from([i === 6 ? 99 : i])),
      [],
    );
    const r = verify(forged.entries, heads, forged.nodes).problem;
    assert.equal(r?.index, 4);
    assert.match(r.problem, /entries 4\.\.9 do not give the root signed at size 10/);
    assert.equal(entries.length, 10);
  });
});
