import { createHash } from 'node:crypto';
import type { BidMode } from './types';

/** What a bid commits to: everything that decides its fate, and the bid's own id. */
export interface BidContent {
  readonly bidId: string;
  readonly number: number;
  readonly mode: BidMode;
  readonly bidPct: bigint;
  readonly embeddedPct: bigint;
  readonly amortizationMode: string;
}

/**
 * The bid's public commitment: SHA-256 (hex) of its content and a random salt, published when the bid is placed
 * while the content stays sealed; the minutes publish content and salt, so anyone can check that the bid judged is
 * the bid placed.
 */
export function bidCommitment(content: BidContent, salt: string): string {
  const text = [
    content.bidId,
    content.number,
    content.mode,
    content.bidPct.toString(),
    content.embeddedPct.toString(),
    content.amortizationMode,
    salt,
  ].join('|');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
