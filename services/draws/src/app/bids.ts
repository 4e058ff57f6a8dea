import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, RuleViolation } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import type { AmortizationMode } from '@consorcio/shared/rules';
import { bidCommitment, checkBid, type BidMode } from '../domain';
import { getAssembly, groupRules, lockAssembly } from '../db/assemblies-repo';
import { outgoing } from '../events/outgoing';
import { newSalt } from './assemblies';
import { SCHEMA, type CommandMeta, type DrawsDeps } from './deps';

/** A bid as stored. */
export interface StoredBid {
  id: string;
  assemblyId: string;
  quotaId: string;
  number: number;
  mode: BidMode;
  bidPct: bigint;
  embeddedPct: bigint;
  amortizationMode: AmortizationMode;
  status: string;
  commitment: string;
  placedAt: Date;
}

interface BidRow {
  id: string;
  assembly_id: string;
  quota_id: string;
  number: number;
  mode: BidMode;
  bid_pct: bigint;
  embedded_pct: bigint;
  amortization_mode: AmortizationMode;
  status: string;
  commitment: string;
  placed_at: Date;
}

const fromRow = (r: BidRow): StoredBid => ({
  id: r.id,
  assemblyId: r.assembly_id,
  quotaId: r.quota_id,
  number: r.number,
  mode: r.mode,
  bidPct: r.bid_pct,
  embeddedPct: r.embedded_pct,
  amortizationMode: r.amortization_mode,
  status: r.status,
  commitment: r.commitment,
  placedAt: r.placed_at,
});

interface QuotaRow {
  id: string;
  group_id: string;
  number: number;
  version: number;
  member_id: string | null;
  status: string;
}

export async function quotaOf(deps: DrawsDeps, quotaId: string): Promise<QuotaRow> {
  requireId('quota_id', quotaId);
  const q = await deps.db('draws.quotas').where({ id: quotaId }).first<QuotaRow | undefined>();
  if (!q) throw new NotFoundError('quota', quotaId);
  return q;
}

/**
 * Places a sealed bid (domain §6.6) while bidding is open and before the deadline: every rule of the bid table,
 * with the record's remaining percentages read from payments. A new bid of the same mode supersedes the record's
 * previous one. The content stays sealed; `draws.bid.placed` publishes only its commitment.
 */
export async function placeBid(
  deps: DrawsDeps,
  meta: CommandMeta,
  cmd: {
    assemblyId: string;
    quotaId: string;
    mode: BidMode | undefined;
    bidPct: bigint;
    embeddedPct: bigint;
    amortizationMode: AmortizationMode | undefined;
  },
): Promise<StoredBid> {
  requireId('assembly_id', cmd.assemblyId);
  const quota = await quotaOf(deps, cmd.quotaId);
  const assembly = await getAssembly(deps.db, cmd.assemblyId);
  if (quota.group_id !== assembly.groupId)
    throw new RuleViolation('quota_not_in_group', `quota ${quota.id} is not a record of the assembly's group`);
  const group = await groupRules(deps.db, assembly.groupId);
  const today = deps.clock.today();
  const overdue = await deps
    .db('draws.installments')
    .where({ quota_id: quota.id, cancelled: false })
    .whereNull('paid_on')
    .andWhere('effective_due_on', '<', today)
    .first<{ period: number } | undefined>('period');
  const pcts = await deps.payments.percentages(quota.id);
  const placed = checkBid(
    { mode: cmd.mode, bidPct: cmd.bidPct, embeddedPct: cmd.embeddedPct, amortizationMode: cmd.amortizationMode },
    {
      params: {
        freeBidsEnabled: group.freeBidsEnabled,
        fixedBidsEnabled: group.fixedBidsEnabled,
        fixedBidPct: group.fixedBidPct,
        embeddedBidMaxPct: group.embeddedBidMaxPct,
      },
      recordStatus: quota.status,
      delinquent: overdue !== undefined,
      remainingPct: pcts.remaining.fc + pcts.remaining.af + pcts.remaining.fr,
      now: deps.clock.now(),
      deadline: assembly.bidDeadline,
    },
  );
  const id = newId();
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, cmd.assemblyId);
    if (a.status !== 'BIDDING_OPEN')
      throw new RuleViolation('bidding_not_open', `assembly ${a.id} is ${a.status}: bids are taken while BIDDING_OPEN`);
    if (deps.clock.now().getTime() >= a.bidDeadline.getTime())
      throw new RuleViolation('bidding_closed', `bids closed at ${a.bidDeadline.toISOString()}`);
    await trx('draws.bids')
      .where({ assembly_id: a.id, quota_id: quota.id, mode: placed.mode, status: 'SUBMITTED' })
      .update({ status: 'SUPERSEDED' });
    const salt = newSalt();
    const commitment = bidCommitment(
      {
        bidId: id,
        number: quota.number,
        mode: placed.mode,
        bidPct: cmd.bidPct,
        embeddedPct: cmd.embeddedPct,
        amortizationMode: placed.amortizationMode,
      },
      salt,
    );
    await trx('draws.bids').insert({
      id,
      assembly_id: a.id,
      quota_id: quota.id,
      number: quota.number,
      mode: placed.mode,
      bid_pct: cmd.bidPct,
      embedded_pct: cmd.embeddedPct,
      amortization_mode: placed.amortizationMode,
      salt,
      commitment,
      status: 'SUBMITTED',
      placed_at: deps.clock.now(),
    });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'draws.bid.placed',
        quota.id,
        {
          assemblyId: a.id,
          bidId: id,
          quota: { groupId: quota.group_id, quotaId: quota.id, number: quota.number, version: quota.version },
          commitment,
        },
        meta.correlationId,
      ),
    ]);
  });
  return bidById(deps, id);
}

/** Withdraws a live bid before the deadline. */
export async function withdrawBid(
  deps: DrawsDeps,
  meta: CommandMeta,
  cmd: { assemblyId: string; bidId: string },
): Promise<StoredBid> {
  requireId('bid_id', cmd.bidId);
  const bid = await bidById(deps, cmd.bidId);
  if (bid.assemblyId !== cmd.assemblyId) throw new NotFoundError('bid', cmd.bidId);
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, cmd.assemblyId);
    if (a.status !== 'BIDDING_OPEN' || deps.clock.now().getTime() >= a.bidDeadline.getTime())
      throw new RuleViolation('bidding_closed', `bids of assembly ${a.id} can no longer be withdrawn`);
    const updated = await trx('draws.bids').where({ id: bid.id, status: 'SUBMITTED' }).update({ status: 'WITHDRAWN' });
    if (updated === 0) return;
    const quota = await trx('draws.quotas').where({ id: bid.quotaId }).first<QuotaRow>();
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'draws.bid.withdrawn',
        bid.quotaId,
        {
          assemblyId: a.id,
          bidId: bid.id,
          quota: { groupId: quota.group_id, quotaId: quota.id, number: quota.number, version: quota.version },
        },
        meta.correlationId,
      ),
    ]);
  });
  return bidById(deps, cmd.bidId);
}

export async function bidById(deps: DrawsDeps, id: string): Promise<StoredBid> {
  const row = await deps.db('draws.bids').where({ id }).first<BidRow | undefined>();
  if (!row) throw new NotFoundError('bid', id);
  return fromRow(row);
}

/** A record's bids in an assembly, newest first. */
export async function listBids(deps: DrawsDeps, cmd: { assemblyId: string; quotaId: string }): Promise<StoredBid[]> {
  requireId('assembly_id', cmd.assemblyId);
  await quotaOf(deps, cmd.quotaId);
  const rows = await deps
    .db('draws.bids')
    .where({ assembly_id: cmd.assemblyId, quota_id: cmd.quotaId })
    // UUIDv7 ids order bids placed in the same instant too.
    .orderBy([
      { column: 'placed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select<BidRow[]>('*');
  return rows.map(fromRow);
}

/** True once the result is published: from then on the bid book is public (the minutes). */
export const isPublished = (status: string): boolean => ['RESULT_PUBLISHED', 'SETTLING', 'CLOSED'].includes(status);
