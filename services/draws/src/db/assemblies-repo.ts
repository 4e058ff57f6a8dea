import type { Knex } from 'knex';
import { requireId } from '@consorcio/shared/input';
import { NotFoundError } from '@consorcio/shared/errors';
import type { LotteryResult } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import type { Snapshot } from '../app/minutes';

export type AssemblyStatus =
  'SCHEDULED' | 'BIDDING_OPEN' | 'BIDDING_CLOSED' | 'RESULT_PUBLISHED' | 'SETTLING' | 'CLOSED';

/** An assembly as stored. */
export interface StoredAssembly {
  id: string;
  groupId: string;
  period: number;
  status: AssemblyStatus;
  bidDeadline: Date;
  extractionDate: string;
  assemblyDate: string;
  snapshot: Snapshot | null;
  snapshotHash: string | null;
  lottery: LotteryResult | null;
  lotteryEnteredBy: string | null;
  lotteryConfirmedBy: string | null;
  available: bigint | null;
}

interface AssemblyRow {
  id: string;
  group_id: string;
  period: number;
  status: AssemblyStatus;
  bid_deadline: Date;
  extraction_date: string;
  assembly_date: string;
  snapshot: Snapshot | null;
  snapshot_hash: string | null;
  lottery: LotteryResult | null;
  lottery_entered_by: string | null;
  lottery_confirmed_by: string | null;
  available: bigint | null;
}

export const ASSEMBLIES = 'draws.assemblies';

function fromRow(r: AssemblyRow): StoredAssembly {
  return {
    id: r.id,
    groupId: r.group_id,
    period: r.period,
    status: r.status,
    bidDeadline: r.bid_deadline,
    extractionDate: r.extraction_date,
    assemblyDate: r.assembly_date,
    snapshot: r.snapshot,
    snapshotHash: r.snapshot_hash,
    lottery: r.lottery,
    lotteryEnteredBy: r.lottery_entered_by,
    lotteryConfirmedBy: r.lottery_confirmed_by,
    available: r.available,
  };
}

export async function getAssembly(db: Knex | Knex.Transaction, id: string): Promise<StoredAssembly> {
  requireId('assembly_id', id);
  const row = await db(ASSEMBLIES).where({ id }).first<AssemblyRow | undefined>();
  if (!row) throw new NotFoundError('assembly', id);
  return fromRow(row);
}

/** The assembly under a row lock: its commands take turns. */
export async function lockAssembly(trx: Knex.Transaction, id: string): Promise<StoredAssembly> {
  requireId('assembly_id', id);
  const row = await trx(ASSEMBLIES).where({ id }).forUpdate().first<AssemblyRow | undefined>();
  if (!row) throw new NotFoundError('assembly', id);
  return fromRow(row);
}

export async function updateAssembly(
  trx: Knex.Transaction,
  id: string,
  patch: Partial<{
    status: AssemblyStatus;
    snapshot: Snapshot;
    snapshotHash: string;
    lottery: LotteryResult;
    lotteryEnteredBy: string;
    lotteryConfirmedBy: string;
    available: bigint;
  }>,
): Promise<void> {
  await trx(ASSEMBLIES)
    .where({ id })
    .update({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.snapshot !== undefined ? { snapshot: JSON.stringify(patch.snapshot) } : {}),
      ...(patch.snapshotHash !== undefined ? { snapshot_hash: patch.snapshotHash } : {}),
      ...(patch.lottery !== undefined ? { lottery: JSON.stringify(patch.lottery) } : {}),
      ...(patch.lotteryEnteredBy !== undefined ? { lottery_entered_by: patch.lotteryEnteredBy } : {}),
      ...(patch.lotteryConfirmedBy !== undefined ? { lottery_confirmed_by: patch.lotteryConfirmedBy } : {}),
      ...(patch.available !== undefined ? { available: patch.available } : {}),
    });
}

/** A group's assembly rules and credit value, as projected from groups' and credit's events. */
export interface GroupRules {
  id: string;
  status: string;
  maxQuotas: number;
  termMonths: number;
  creditValue: bigint;
  drawsPerAssembly: number;
  excludedDrawsPerAssembly: number;
  extraDrawsWhenFundsRemain: boolean;
  freeBidsEnabled: boolean;
  fixedBidsEnabled: boolean;
  fixedBidPct: bigint;
  fixedBidSlotsPerAssembly: number;
  embeddedBidMaxPct: bigint;
  maxBidContemplationsPerAssembly: number;
  alternatesCount: number;
  bidPaymentDeadlineBusinessDays: number;
  exclusionPenaltyPct: bigint;
  dueDay: number;
  constitutedOn: string | null;
}

export async function groupRules(db: Knex | Knex.Transaction, id: string): Promise<GroupRules> {
  const r = await db('draws.groups').where({ id }).first<Record<string, unknown> | undefined>();
  if (!r) throw new NotFoundError('group', id);
  return {
    id: r.id as string,
    status: r.status as string,
    maxQuotas: r.max_quotas as number,
    termMonths: r.term_months as number,
    creditValue: r.credit_value as bigint,
    drawsPerAssembly: r.draws_per_assembly as number,
    excludedDrawsPerAssembly: r.excluded_draws_per_assembly as number,
    extraDrawsWhenFundsRemain: r.extra_draws_when_funds_remain as boolean,
    freeBidsEnabled: r.free_bids_enabled as boolean,
    fixedBidsEnabled: r.fixed_bids_enabled as boolean,
    fixedBidPct: r.fixed_bid_pct as bigint,
    fixedBidSlotsPerAssembly: r.fixed_bid_slots_per_assembly as number,
    embeddedBidMaxPct: r.embedded_bid_max_pct as bigint,
    maxBidContemplationsPerAssembly: r.max_bid_contemplations_per_assembly as number,
    alternatesCount: r.alternates_count as number,
    bidPaymentDeadlineBusinessDays: r.bid_payment_deadline_business_days as number,
    exclusionPenaltyPct: r.exclusion_penalty_pct as bigint,
    dueDay: r.due_day as number,
    constitutedOn: (r.constituted_on as string | null) ?? null,
  };
}
