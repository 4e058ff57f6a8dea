import { createHash } from 'node:crypto';
import { ValidationError } from '@consorcio/shared/errors';

/**
 * The plain hash chain kept beside the Merkle tree, so readers of the older `ledger_eventos` design can still walk
 * the log entry by entry: each link commits to the one before it and to the entry's leaf hash.
 */

/** The link before the first entry: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** SHA-256(previousHash ‖ leafHash): the link of one entry. */
export function chainHash(previousHash: Uint8Array, leafHash: Uint8Array): Buffer {
  if (previousHash.length !== 32) throw new ValidationError('previous_hash', 'must be 32 bytes');
  if (leafHash.length !== 32) throw new ValidationError('leaf_hash', 'must be 32 bytes');
  return createHash('sha256').update(previousHash).update(leafHash).digest();
}
