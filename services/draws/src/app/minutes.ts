import { requestHash } from '@consorcio/shared/db';
import type { AssemblyMinutes, LotteryResult, Mismatch } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { BidMode as ProtoBidMode } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { fromProtoEnum, toProtoEnum } from '@consorcio/shared/grpc';
import {
  bidCommitment,
  runAssembly,
  type AssemblyInput,
  type AssemblyResult,
  type BidMode,
  type SealedBid,
} from '../domain';
import type { AmortizationMode } from '@consorcio/shared/rules';

/** The rules an assembly runs by, as the snapshot freezes them. */
export interface SnapshotRules {
  maxQuotas: number;
  drawsPerAssembly: number;
  excludedDrawsPerAssembly: number;
  fixedBidSlotsPerAssembly: number;
  maxBidContemplationsPerAssembly: number;
  extraDrawsWhenFundsRemain: boolean;
  alternatesCount: number;
  exclusionPenaltyPct: string;
}

/** The frozen inputs of an assembly (stored as JSON, bigints as decimal strings). */
export interface Snapshot {
  creditValue: string;
  commonFund: string;
  reserveFund: string;
  rules: SnapshotRules;
  eligible: number[];
  excludedCandidates: { quotaId: string; number: number; version: number; fcPaidPct: string }[];
  bids: {
    bidId: string;
    quotaId: string;
    number: number;
    mode: BidMode;
    bidPct: string;
    embeddedPct: string;
    amortizationMode: AmortizationMode;
    remaining: { fc: string; af: string; fr: string };
    salt: string;
    commitment: string;
  }[];
}

/**
 * SHA-256 (hex) of the snapshot's public content as canonical JSON (sorted keys; the records' internal ids left
 * out, since the minutes carry seat numbers only): published at the deadline, recomputable from the minutes.
 */
export function snapshotHash(s: Snapshot): string {
  return requestHash({
    ...s,
    excludedCandidates: s.excludedCandidates.map(({ quotaId: _q, ...c }) => c),
    bids: s.bids.map(({ quotaId: _q, ...b }) => b),
  });
}

/** The pure function's input from a snapshot and prize 1. */
export function assemblyInput(s: Snapshot, prize1: number): AssemblyInput {
  return {
    maxQuotas: s.rules.maxQuotas,
    creditValue: BigInt(s.creditValue),
    commonFund: BigInt(s.commonFund),
    reserveFund: BigInt(s.reserveFund),
    drawsPerAssembly: s.rules.drawsPerAssembly,
    excludedDrawsPerAssembly: s.rules.excludedDrawsPerAssembly,
    fixedBidSlotsPerAssembly: s.rules.fixedBidSlotsPerAssembly,
    maxBidContemplationsPerAssembly: s.rules.maxBidContemplationsPerAssembly,
    extraDrawsWhenFundsRemain: s.rules.extraDrawsWhenFundsRemain,
    alternatesCount: s.rules.alternatesCount,
    exclusionPenaltyPct: BigInt(s.rules.exclusionPenaltyPct),
    prize1,
    eligible: s.eligible,
    excludedCandidates: s.excludedCandidates.map((c) => ({
      number: c.number,
      version: c.version,
      fcPaidPct: BigInt(c.fcPaidPct),
    })),
    bids: s.bids.map((b): SealedBid => ({
      bidId: b.bidId,
      number: b.number,
      mode: b.mode,
      bidPct: BigInt(b.bidPct),
      embeddedPct: BigInt(b.embeddedPct),
      amortizationMode: b.amortizationMode,
      remaining: { fc: BigInt(b.remaining.fc), af: BigInt(b.remaining.af), fr: BigInt(b.remaining.fr) },
    })),
  };
}

/** The minutes (§6.8): the snapshot, the confirmed extraction, and the result. */
export function buildMinutes(a: {
  assemblyId: string;
  groupId: string;
  period: number;
  assemblyDate: string;
  snapshot: Snapshot;
  snapshotHash: string;
  lottery: LotteryResult;
  result: AssemblyResult;
}): AssemblyMinutes {
  const s = a.snapshot;
  const r = a.result;
  const outcome = new Map(r.bidBook.map((b) => [b.bidId, b]));
  return {
    assemblyId: a.assemblyId,
    groupId: a.groupId,
    period: a.period,
    assemblyDate: a.assemblyDate,
    lottery: a.lottery,
    keyDigits: r.drawKey.digits,
    keyRaw: r.drawKey.raw,
    drawKey: r.drawKey.key,
    creditValueCentavos: BigInt(s.creditValue),
    commonFundCentavos: BigInt(s.commonFund),
    reserveFundCentavos: BigInt(s.reserveFund),
    rules: { ...s.rules, exclusionPenaltyPct: BigInt(s.rules.exclusionPenaltyPct) },
    eligible: s.eligible,
    excludedCandidates: s.excludedCandidates.map((c) => ({
      number: c.number,
      version: c.version,
      fcPaidPct: BigInt(c.fcPaidPct),
    })),
    bids: s.bids.map((b) => {
      const ranked = outcome.get(b.bidId);
      return {
        bidId: b.bidId,
        number: b.number,
        mode: toProtoEnum(ProtoBidMode, 'BID_MODE_', b.mode),
        bidPct: BigInt(b.bidPct),
        embeddedPct: BigInt(b.embeddedPct),
        amortizationMode: b.amortizationMode,
        remaining: { fcPct: BigInt(b.remaining.fc), afPct: BigInt(b.remaining.af), frPct: BigInt(b.remaining.fr) },
        salt: b.salt,
        commitment: b.commitment,
        outcome: ranked?.outcome ?? 'VOID',
        netCostCentavos: ranked?.netCost ?? 0n,
        rank: ranked?.rank ?? 0,
      };
    }),
    contemplations: r.contemplations.map((c) => ({
      type: c.type,
      number: c.number,
      bidId: c.bidId ?? '',
      netCostCentavos: c.netCost,
      reserveUsedCentavos: c.reserveUsed,
      availableAfterCentavos: c.availableAfter,
    })),
    awards: r.awards.map((w) => ({
      number: w.number,
      version: w.version,
      grossCentavos: w.gross,
      penaltyCentavos: w.penalty,
      netCentavos: w.net,
      availableAfterCentavos: w.availableAfter,
    })),
    reserveUsedCentavos: r.reserveUsed,
    availableAfterCentavos: r.available,
    reserveAfterCentavos: r.reserve,
    alternates: [...r.alternates],
    snapshotHash: a.snapshotHash,
  };
}

/**
 * VerifyAssembly: recomputes the result from the minutes' own inputs with the same pure function, checks each bid's
 * commitment against its published content and salt, and lists every difference. Needs nothing but the minutes.
 */
export function verifyMinutes(m: AssemblyMinutes): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const differ = (field: string, published: unknown, recomputed: unknown) => {
    const p = JSON.stringify(published, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const r = JSON.stringify(recomputed, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (p !== r) mismatches.push({ field, published: p, recomputed: r });
  };
  const prize1 = m.lottery?.prizes[0];
  if (prize1 === undefined || !m.rules) return [{ field: 'lottery.prizes', published: 'missing', recomputed: '' }];
  for (const b of m.bids) {
    const mode = fromProtoEnum<BidMode>(ProtoBidMode, 'BID_MODE_', b.mode, 'mode') ?? 'FREE';
    const expected = bidCommitment(
      {
        bidId: b.bidId,
        number: b.number,
        mode,
        bidPct: b.bidPct,
        embeddedPct: b.embeddedPct,
        amortizationMode: b.amortizationMode,
      },
      b.salt,
    );
    if (expected !== b.commitment)
      mismatches.push({ field: `bids[${b.bidId}].commitment`, published: b.commitment, recomputed: expected });
  }
  const snapshot: Snapshot = {
    creditValue: m.creditValueCentavos.toString(),
    commonFund: m.commonFundCentavos.toString(),
    reserveFund: m.reserveFundCentavos.toString(),
    rules: { ...m.rules, exclusionPenaltyPct: m.rules.exclusionPenaltyPct.toString() },
    eligible: m.eligible,
    excludedCandidates: m.excludedCandidates.map((c) => ({
      quotaId: '',
      number: c.number,
      version: c.version,
      fcPaidPct: c.fcPaidPct.toString(),
    })),
    bids: m.bids.map((b) => ({
      bidId: b.bidId,
      quotaId: '',
      number: b.number,
      mode: fromProtoEnum<BidMode>(ProtoBidMode, 'BID_MODE_', b.mode, 'mode') ?? 'FREE',
      bidPct: b.bidPct.toString(),
      embeddedPct: b.embeddedPct.toString(),
      amortizationMode: b.amortizationMode as AmortizationMode,
      remaining: {
        fc: (b.remaining?.fcPct ?? 0n).toString(),
        af: (b.remaining?.afPct ?? 0n).toString(),
        fr: (b.remaining?.frPct ?? 0n).toString(),
      },
      salt: b.salt,
      commitment: b.commitment,
    })),
  };
  let result: AssemblyResult;
  try {
    result = runAssembly(assemblyInput(snapshot, prize1));
  } catch (err) {
    return [...mismatches, { field: 'inputs', published: 'minutes', recomputed: (err as Error).message }];
  }
  const again = buildMinutes({
    assemblyId: m.assemblyId,
    groupId: m.groupId,
    period: m.period,
    assemblyDate: m.assemblyDate,
    snapshot,
    snapshotHash: m.snapshotHash,
    lottery: m.lottery!,
    result,
  });
  differ('snapshot_hash', m.snapshotHash, snapshotHash(snapshot));
  differ('draw_key', [m.keyDigits, m.keyRaw, m.drawKey], [again.keyDigits, again.keyRaw, again.drawKey]);
  differ('contemplations', m.contemplations, again.contemplations);
  differ('awards', m.awards, again.awards);
  differ('reserve_used_centavos', m.reserveUsedCentavos, again.reserveUsedCentavos);
  differ('available_after_centavos', m.availableAfterCentavos, again.availableAfterCentavos);
  differ('reserve_after_centavos', m.reserveAfterCentavos, again.reserveAfterCentavos);
  differ('alternates', m.alternates, again.alternates);
  differ(
    'bids.outcome',
    m.bids.map((b) => [b.bidId, b.outcome, b.netCostCentavos, b.rank]),
    again.bids.map((b) => [b.bidId, b.outcome, b.netCostCentavos, b.rank]),
  );
  return mismatches;
}
