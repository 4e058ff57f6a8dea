import { RuleViolation, ValidationError } from '../errors';
import { type Split3, applyPct, split3 } from '../money';
import type { Pcts3 } from './pcts';

/**
 * The money of a winning bid (what ledger entries E6 and E7 post), at `C_p`: the bid `B = applyPct(C, bidPct)`,
 * its embedded part `E = applyPct(C, embeddedPct)` paid out of the member's own credit, and the own part `O = B − E`
 * paid by the member; each split over the record's remaining components with `split3`. These centavo splits are what
 * the books post; the record's percentages move by the separate split of `bidPct` (`amortizationSplit`), and the two
 * are not reconciled (G-DEMO assembly 11, quota 40: `applyPct(C, dFC)` = 2 404 488 while `fcO` = 2 404 482).
 */
export interface BidMoney {
  /** B. */
  readonly bid: bigint;
  /** E, paid out of the credit. */
  readonly embedded: bigint;
  /** O = B − E, paid by the member (E6). */
  readonly own: bigint;
  readonly ownSplit: Split3;
  readonly embeddedSplit: Split3;
  /** The credit letter: C − E. */
  readonly creditAmount: bigint;
  /** What the contemplation takes from the common fund (E7's debit): C − fcE. */
  readonly commonFundCharge: bigint;
  /** The net cost to the common fund that decides whether the bid fits: C − fcO − fcE. */
  readonly netCost: bigint;
}

/**
 * Computes B, E, O, their splits over `remaining = (fc_r, af_r, fr_r)` and the net cost of a bid at `creditValue`.
 * G-DEMO assembly 11, quota 115 (40 % with 25 % embedded, C = 6 000 000): E 1 500 000 → (1 245 846, 224 249, 29 905), O 900 000 →
 * (747 508, 134 549, 17 943), credit 4 500 000, common-fund charge 4 754 154, net cost 4 006 646.
 * @throws ValidationError on `credit_value_centavos` (≤ 0), `bid_pct` (≤ 0), `embedded_pct` (outside 0..bid_pct) or
 *   `remaining` (negative); RuleViolation `exceeds_remaining_balance` when bidPct > fc_r + af_r + fr_r.
 */
export function bidMoney(input: {
  creditValue: bigint;
  bidPct: bigint;
  embeddedPct: bigint;
  remaining: Pcts3;
}): BidMoney {
  const { creditValue, bidPct, embeddedPct, remaining } = input;
  if (creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
  if (bidPct <= 0n) throw new ValidationError('bid_pct', 'must be > 0');
  if (embeddedPct < 0n || embeddedPct > bidPct)
    throw new ValidationError('embedded_pct', 'must be between 0 and bid_pct');
  if (remaining.fc < 0n || remaining.af < 0n || remaining.fr < 0n)
    throw new ValidationError('remaining', 'must not be negative');
  const r = remaining.fc + remaining.af + remaining.fr;
  if (bidPct > r)
    throw new RuleViolation(
      'exceeds_remaining_balance',
      `a bid of ${bidPct} pct units exceeds the ${r} pct units that remain to be paid`,
    );
  const bid = applyPct(creditValue, bidPct);
  const embedded = applyPct(creditValue, embeddedPct);
  const own = bid - embedded;
  const ownSplit = split3(own, remaining.fc, remaining.af, remaining.fr);
  const embeddedSplit = split3(embedded, remaining.fc, remaining.af, remaining.fr);
  return {
    bid,
    embedded,
    own,
    ownSplit,
    embeddedSplit,
    creditAmount: creditValue - embedded,
    commonFundCharge: creditValue - embeddedSplit.fc,
    netCost: creditValue - ownSplit.fc - embeddedSplit.fc,
  };
}
