import assert from 'node:assert/strict';
import { GENESIS_HASH, chainHash } from '../../src/domain/hash-chain';

// Links computed outside this code base (Python hashlib): sha256(previous ‖ leaf), leaf i = 32 bytes of value i.
const KNOWN_CHAIN = [
  '5c85955f709283ecce2b74f1b1552918819f390911816e7bb466805a38ab87f3',
  'a7f2fad943905535b10ccf63c832802ed84eaffb15e4fb6bee86a817c35eb833',
  'd8da1ea11d13fe49d0ead0b83273a3935c4b542ef6b84a94ab4c02763f8194cf',
];

describe('hash chain (ledger_eventos links)', () => {
  it('starts from 32 zero bytes', () => {
    assert.deepEqual(GENESIS_HASH, Buffer.alloc(32));
  });

  it('links each entry to the one before: a small known chain', () => {
    let previous: Buffer = GENESIS_HASH;
    const links = [1, 2, 3].map((i) => (previous = chainHash(previous, Buffer.alloc(32, i))).toString('hex'));
    assert.deepEqual(links, KNOWN_CHAIN);
  });

  it('depends on the order and on every link', () => {
    const [a, b] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    assert.notDeepEqual(chainHash(chainHash(GENESIS_HASH, a), b), chainHash(chainHash(GENESIS_HASH, b), a));
    assert.notDeepEqual(chainHash(GENESIS_HASH, a), chainHash(Buffer.alloc(32, 9), a));
  });

  it('takes only 32-byte hashes', () => {
    assert.throws(() => chainHash(Buffer.alloc(31), Buffer.alloc(32)), /previous_hash: must be 32 bytes/);
    assert.throws(() => chainHash(GENESIS_HASH, Buffer.from('raw event')), /leaf_hash: must be 32 bytes/);
  });
});
