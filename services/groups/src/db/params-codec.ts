import type { GroupParams } from '../domain';

type BigintKeys<T> = { [K in keyof T]: T[K] extends bigint | null ? K : never }[keyof T];

// Every bigint (pct or centavos) parameter; `satisfies` plus the check below keep this list complete.
const BIGINT_KEYS = [
  'creditValue',
  'adminFeeTotalPct',
  'adminFeeUpfrontPct',
  'reserveFundTotalPct',
  'insuranceMonthlyPct',
  'fixedBidPct',
  'embeddedBidMaxPct',
  'lateFinePct',
  'lateInterestMonthlyPct',
  'lateFeesGroupSharePct',
  'exclusionPenaltyPct',
  'transferFeePct',
  'transferFeeContemplatedPct',
  'maxQuotaSharePerMemberPct',
  'minGuaranteeCoveragePct',
  'maxIncomeCommitmentPct',
  'unclaimedPermanenceFeePct',
] as const satisfies readonly BigintKeys<GroupParams>[];
type Missing = Exclude<BigintKeys<GroupParams>, (typeof BIGINT_KEYS)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;

/** GroupParams → the jsonb document stored in groups.groups.parameters (bigints as decimal strings). */
export function encodeParams(params: GroupParams): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...params };
  for (const k of BIGINT_KEYS) doc[k] = params[k] === null ? null : String(params[k]);
  return doc;
}

/** The stored jsonb document → GroupParams. */
export function decodeParams(doc: Record<string, unknown>): GroupParams {
  const out: Record<string, unknown> = { ...doc };
  for (const k of BIGINT_KEYS) out[k] = doc[k] === null || doc[k] === undefined ? null : BigInt(doc[k] as string);
  return out as unknown as GroupParams;
}
