import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { bidMoney, excludedRefund, type BidMoney, type RefundAmounts } from '@consorcio/shared/rules';
import { drawKey, positions, searchSequence, type DrawKey } from './draw-key';
import type { BidOutcome, ContemplationType, ExcludedCandidate, SealedBid } from './types';

/** Everything an assembly's result depends on (§6.10): what the snapshot froze, the rules, and prize 1. */
export interface AssemblyInput {
  /** N: the group's seats. */
  readonly maxQuotas: number;
  /** C_p. */
  readonly creditValue: bigint;
  /** COMMON_FUND at the snapshot: the available funds. */
  readonly commonFund: bigint;
  /** RESERVE_FUND at the snapshot: covers planned draws only (§6.4). */
  readonly reserveFund: bigint;
  readonly drawsPerAssembly: number;
  readonly excludedDrawsPerAssembly: number;
  readonly fixedBidSlotsPerAssembly: number;
  /** 0 = no cap. */
  readonly maxBidContemplationsPerAssembly: number;
  readonly extraDrawsWhenFundsRemain: boolean;
  readonly alternatesCount: number;
  readonly exclusionPenaltyPct: bigint;
  /** Prize 1 of the confirmed extraction. */
  readonly prize1: number;
  /** Seat numbers whose current record is eligible at the snapshot (§6.2). */
  readonly eligible: readonly number[];
  readonly excludedCandidates: readonly ExcludedCandidate[];
  /** The sealed bid book (superseded and withdrawn bids already left out). */
  readonly bids: readonly SealedBid[];
}

/** One contemplation, in the order it happened, with the funds after it. */
export interface Contemplation {
  readonly type: ContemplationType;
  readonly number: number;
  /** The winning bid, for bid contemplations. */
  readonly bidId: string | null;
  /** The bid's money (own and embedded parts and their splits), for bid contemplations. */
  readonly money: BidMoney | null;
  /** What the common fund pays: C for a draw, the bid's net cost for a bid. */
  readonly netCost: bigint;
  /** The reserve moved to the common fund to fund this draw (E8), 0 when none. */
  readonly reserveUsed: bigint;
  readonly availableAfter: bigint;
}

/** A refund drawn at the excluded draw (§6.5). */
export interface RefundAward extends RefundAmounts {
  readonly number: number;
  readonly version: number;
  readonly availableAfter: bigint;
}

/** A bid of the published book, ranked, with its outcome. */
export interface RankedBid {
  readonly bidId: string;
  readonly number: number;
  readonly mode: SealedBid['mode'];
  readonly bidPct: bigint;
  readonly embeddedPct: bigint;
  /** null for a VOID bid (record not eligible, contemplated otherwise, or bid above what remains). */
  readonly netCost: bigint | null;
  readonly outcome: BidOutcome;
  /** Its place in its mode's order (FIXED by position; FREE by bidPct desc then position), from 1; 0 if VOID. */
  readonly rank: number;
}

/** The assembly's result: a pure function of its input. */
export interface AssemblyResult {
  readonly drawKey: DrawKey;
  readonly contemplations: readonly Contemplation[];
  readonly awards: readonly RefundAward[];
  readonly reserveUsed: bigint;
  /** COMMON_FUND left after the contemplations and awards. */
  readonly available: bigint;
  /** RESERVE_FUND left. */
  readonly reserve: bigint;
  /** FREE bids (ids, in order) that take the place of a defaulting FREE winner (§6.7). */
  readonly alternates: readonly string[];
  /** Every bid: FIXED then FREE, each in its order, then the VOID ones by number. */
  readonly bidBook: readonly RankedBid[];
}

interface PricedBid {
  bid: SealedBid;
  money: BidMoney;
  position: number;
}

function requireCount(field: string, x: number, max = 99_999): void {
  if (!Number.isInteger(x) || x < 0 || x > max)
    throw new ValidationError(field, `must be a whole number between 0 and ${max}`);
}

function checkInput(input: AssemblyInput): void {
  if (input.creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
  if (input.reserveFund < 0n) throw new ValidationError('reserve_fund_centavos', 'must not be negative');
  requireCount('draws_per_assembly', input.drawsPerAssembly);
  requireCount('excluded_draws_per_assembly', input.excludedDrawsPerAssembly);
  requireCount('fixed_bid_slots_per_assembly', input.fixedBidSlotsPerAssembly);
  requireCount('max_bid_contemplations_per_assembly', input.maxBidContemplationsPerAssembly);
  requireCount('alternates_count', input.alternatesCount);
  const seats = new Set<number>();
  for (const q of input.eligible) {
    if (!Number.isInteger(q) || q < 1 || q > input.maxQuotas)
      throw new ValidationError('eligible', `seat ${q} is outside 1..${input.maxQuotas}`);
    seats.add(q);
  }
  if (seats.size !== input.eligible.length) throw new ValidationError('eligible', 'lists a seat twice');
  const keys = new Set<string>();
  for (const b of input.bids) {
    const key = `${b.number}/${b.mode}`;
    if (keys.has(key)) throw new ValidationError('bids', `seat ${b.number} has two ${b.mode} bids`);
    keys.add(key);
  }
  const excluded = new Set<string>();
  for (const c of input.excludedCandidates) {
    const key = `${c.number}-${c.version}`;
    if (excluded.has(key)) throw new ValidationError('excluded_candidates', `record ${key} is listed twice`);
    excluded.add(key);
  }
}

/**
 * The assembly (domain §6.10), with no I/O: draw key and search sequence; the planned draws, the reserve covering a
 * shortfall (E8); the excluded draws (refunds, the oldest exclusion of a number first, D-16; never the reserve,
 * D-17); the FIXED then the FREE bid phases, each stopped by the first bid that does not fit (D-19); extra draws
 * while the common fund pays a whole credit; alternates. Deterministic: the same input gives the same result
 * whatever order the bids and records are listed in.
 * @throws ValidationError on a malformed input (it names the field).
 */
export function runAssembly(input: AssemblyInput): AssemblyResult {
  checkInput(input);
  const key = drawKey(input.prize1, input.maxQuotas);
  const sequence = searchSequence(key.key, input.maxQuotas);
  const position = positions(sequence);
  const eligible = new Set(input.eligible);
  const C = input.creditValue;
  let available = input.commonFund;
  let reserve = input.reserveFund;
  let reserveUsed = 0n;
  const won = new Set<number>();
  const contemplations: Contemplation[] = [];
  const contemplate = (c: Omit<Contemplation, 'availableAfter'>) => {
    available -= c.netCost;
    won.add(c.number);
    contemplations.push({ ...c, availableAfter: available });
  };
  // Walks S once per call from where the last draw stopped: draws and extra draws take the next eligible number.
  let cursor = 0;
  const nextEligible = (): number | null => {
    while (cursor < sequence.length) {
      const q = sequence[cursor] as number;
      if (eligible.has(q) && !won.has(q)) return q;
      cursor++;
    }
    return null;
  };

  // §6.4 planned draws.
  for (let d = 0; d < input.drawsPerAssembly; d++) {
    const q = nextEligible();
    if (q === null) break;
    let cover = 0n;
    if (available < C) {
      if (available + reserve < C) break;
      cover = C - available;
      reserve -= cover;
      reserveUsed += cover;
      available += cover;
    }
    contemplate({ type: 'DRAW', number: q, bidId: null, money: null, netCost: C, reserveUsed: cover });
  }

  // §6.5 excluded draws: the first number in S with an excluded candidate, its lowest version.
  const candidates = [...input.excludedCandidates].sort(
    (a, b) => (position.get(a.number) ?? 0) - (position.get(b.number) ?? 0) || a.version - b.version,
  );
  const awards: RefundAward[] = [];
  for (let e = 0; e < input.excludedDrawsPerAssembly && e < candidates.length; e++) {
    const c = candidates[e] as ExcludedCandidate;
    const refund = excludedRefund({
      creditValue: C,
      fcPaidPct: c.fcPaidPct,
      exclusionPenaltyPct: input.exclusionPenaltyPct,
    });
    if (available < refund.net) break;
    available -= refund.net;
    awards.push({ number: c.number, version: c.version, ...refund, availableAfter: available });
  }

  // §6.6 bids: priced at C_p; a bid of a record not eligible (or contemplated by draw) is VOID.
  const priced: PricedBid[] = [];
  const voided: SealedBid[] = [];
  for (const bid of input.bids) {
    if (!eligible.has(bid.number) || won.has(bid.number)) {
      voided.push(bid);
      continue;
    }
    try {
      const money = bidMoney({
        creditValue: C,
        bidPct: bid.bidPct,
        embeddedPct: bid.embeddedPct,
        remaining: bid.remaining,
      });
      priced.push({ bid, money, position: position.get(bid.number) as number });
    } catch (err) {
      if (!(err instanceof RuleViolation || err instanceof ValidationError)) throw err;
      voided.push(bid); // above what remains, or not a valid bid any more: it cannot win
    }
  }
  const fixed = priced.filter((p) => p.bid.mode === 'FIXED').sort((a, b) => a.position - b.position);
  const free = priced
    .filter((p) => p.bid.mode === 'FREE')
    .sort((a, b) => (a.bid.bidPct === b.bid.bidPct ? a.position - b.position : a.bid.bidPct > b.bid.bidPct ? -1 : 1));

  const outcome = new Map<string, BidOutcome>();
  const runPhase = (order: readonly PricedBid[], cap: number, type: ContemplationType) => {
    let winners = 0;
    for (const p of order) {
      if (cap > 0 && winners >= cap) break;
      if (won.has(p.bid.number)) continue; // won in the other phase
      if (available < p.money.netCost) break; // D-19: the first bid that does not fit stops the phase
      contemplate({
        type,
        number: p.bid.number,
        bidId: p.bid.bidId,
        money: p.money,
        netCost: p.money.netCost,
        reserveUsed: 0n,
      });
      outcome.set(p.bid.bidId, 'WON');
      winners++;
    }
  };
  if (input.fixedBidSlotsPerAssembly > 0) runPhase(fixed, input.fixedBidSlotsPerAssembly, 'FIXED_BID');
  runPhase(free, input.maxBidContemplationsPerAssembly, 'FREE_BID');

  // Extra draws: while the common fund alone pays a whole credit.
  if (input.extraDrawsWhenFundsRemain) {
    cursor = 0;
    for (let q = nextEligible(); q !== null && available >= C; q = nextEligible())
      contemplate({ type: 'EXTRA_DRAW', number: q, bidId: null, money: null, netCost: C, reserveUsed: 0n });
  }

  // Alternates: the top FREE bids whose records were not contemplated by any means.
  const alternates = free
    .filter((p) => !won.has(p.bid.number))
    .slice(0, input.alternatesCount)
    .map((p) => p.bid.bidId);
  for (const id of alternates) outcome.set(id, 'ALTERNATE');

  const ranked = (order: readonly PricedBid[]): RankedBid[] =>
    order.map((p, i) => ({
      bidId: p.bid.bidId,
      number: p.bid.number,
      mode: p.bid.mode,
      bidPct: p.bid.bidPct,
      embeddedPct: p.bid.embeddedPct,
      netCost: p.money.netCost,
      // A bid whose record was contemplated otherwise (the other phase, an extra draw) did not win by itself.
      outcome: outcome.get(p.bid.bidId) ?? (won.has(p.bid.number) ? 'VOID' : 'LOST'),
      rank: i + 1,
    }));
  const voidBook: RankedBid[] = voided
    .sort((a, b) => a.number - b.number || a.mode.localeCompare(b.mode))
    .map((b) => ({
      bidId: b.bidId,
      number: b.number,
      mode: b.mode,
      bidPct: b.bidPct,
      embeddedPct: b.embeddedPct,
      netCost: null,
      outcome: 'VOID',
      rank: 0,
    }));

  return {
    drawKey: key,
    contemplations,
    awards,
    reserveUsed,
    available,
    reserve,
    alternates,
    bidBook: [...ranked(fixed), ...ranked(free), ...voidBook],
  };
}
