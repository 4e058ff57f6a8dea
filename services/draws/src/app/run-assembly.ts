import type { Knex } from 'knex';
import { appendToOutbox, type OutboxEventInput } from '@consorcio/shared/bus';
import { BANK_HOLIDAYS } from '@consorcio/shared/clock';
import { RuleViolation } from '@consorcio/shared/errors';
import { AssemblyMinutes } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import {
  AmortizationMode as ProtoAmortizationMode,
  ContemplationType as ProtoContemplationType,
  QuotaContemplated,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { toProtoEnum } from '@consorcio/shared/grpc';
import { newId } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import { guardFence } from '@consorcio/shared/locks';
import { bidPaymentDeadline, runAssembly, type Contemplation } from '../domain';
import { ASSEMBLIES, getAssembly, groupRules, updateAssembly, type StoredAssembly } from '../db/assemblies-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type DrawsDeps } from './deps';
import { scheduleBidDefault } from './calendar-reminders';
import { assemblyInput, buildMinutes, type Snapshot } from './minutes';

export const assemblyLock = (groupId: string): string => `lock:assembly:{${groupId}}`;

/**
 * Computes and publishes an assembly's result (domain §6.10) once its lottery result is confirmed: the pure
 * `runAssembly` over the frozen snapshot and prize 1. Serialized per group with Redlock, and fenced: the transaction
 * first stamps the lock's token on the assembly's row (a holder that lost its lock cannot write), and `results`
 * holds one row per group and period. A retried or concurrent run answers the stored minutes.
 */
export async function runAssemblyCommand(
  deps: DrawsDeps,
  meta: CommandMeta,
  assemblyId: string,
): Promise<AssemblyMinutes> {
  requireId('assembly_id', assemblyId);
  const stored = await storedMinutes(deps.db, assemblyId);
  if (stored) return stored;
  const assembly = await getAssembly(deps.db, assemblyId);
  if (assembly.status !== 'BIDDING_CLOSED' || !assembly.snapshot || !assembly.snapshotHash)
    throw new RuleViolation(
      'assembly_not_bidding_closed',
      `assembly ${assembly.id} is ${assembly.status}: bidding must be closed`,
    );
  if (!assembly.lottery || !assembly.lotteryConfirmedBy)
    throw new RuleViolation(
      'lottery_not_confirmed',
      'the lottery result must be entered and confirmed by a second operator',
    );
  const resource = assemblyLock(assembly.groupId);
  return deps.locks.withLock(resource, (fence) =>
    deps.db.transaction(async (trx) => {
      await guardFence(trx, { table: ASSEMBLIES, idColumn: 'id', id: assembly.id, fence, resource });
      const raced = await storedMinutes(trx, assemblyId);
      if (raced) return raced;
      return publish(trx, deps, meta, assembly, fence);
    }),
  );
}

async function storedMinutes(db: Knex | Knex.Transaction, assemblyId: string): Promise<AssemblyMinutes | null> {
  const row = await db('draws.results')
    .where({ assembly_id: assemblyId })
    .first<{ minutes: Buffer } | undefined>('minutes');
  return row ? AssemblyMinutes.decode(row.minutes) : null;
}

async function publish(
  trx: Knex.Transaction,
  deps: DrawsDeps,
  meta: CommandMeta,
  a: StoredAssembly,
  fence: bigint,
): Promise<AssemblyMinutes> {
  const snapshot = a.snapshot as Snapshot;
  const lottery = a.lottery!;
  const result = runAssembly(assemblyInput(snapshot, lottery.prizes[0] as number));
  const minutes = buildMinutes({
    assemblyId: a.id,
    groupId: a.groupId,
    period: a.period,
    assemblyDate: a.assemblyDate,
    snapshot,
    snapshotHash: a.snapshotHash!,
    lottery,
    result,
  });
  await trx('draws.results').insert({
    assembly_id: a.id,
    group_id: a.groupId,
    period: a.period,
    minutes: Buffer.from(AssemblyMinutes.encode(minutes).finish()),
    fence,
  });
  // Every bid's outcome in one statement (a 50,000-quota group has some 20,000 bids).
  if (result.bidBook.length > 0) {
    await trx.raw(
      `update draws.bids b set status = o.status, net_cost = o.net_cost, rank = o.rank
         from unnest(?::uuid[], ?::text[], ?::bigint[], ?::int[]) as o(id, status, net_cost, rank)
        where b.id = o.id`,
      [
        result.bidBook.map((b) => b.bidId),
        result.bidBook.map((b) => b.outcome),
        result.bidBook.map((b) => (b.netCost === null ? null : b.netCost.toString())),
        result.bidBook.map((b) => String(b.rank)),
      ] as Knex.RawBinding[],
    );
  }

  const group = await groupRules(trx, a.groupId);
  const records = await currentRecords(trx, a.groupId);
  const bidsById = new Map(snapshot.bids.map((b) => [b.bidId, b]));
  const deadline = bidPaymentDeadline(a.assemblyDate, group.bidPaymentDeadlineBusinessDays, BANK_HOLIDAYS);
  const events: OutboxEventInput[] = [];
  let pending = 0;
  for (const c of result.contemplations) {
    const quota = records.get(c.number)!;
    const bid = c.bidId ? bidsById.get(c.bidId) : undefined;
    const contemplationId = newId();
    const event = contemplatedEvent(contemplationId, a, quota, c, snapshot.creditValue, bid);
    const waitsForPayment = c.money !== null && c.money.own > 0n;
    await trx('draws.contemplations').insert({
      id: contemplationId,
      assembly_id: a.id,
      quota_id: quota.quotaId,
      bid_id: c.bidId,
      type: c.type,
      status: waitsForPayment ? 'PENDING' : 'CONFIRMED',
      net_cost: c.netCost,
      payment_deadline: waitsForPayment ? deadline : null,
      event: JSON.stringify({ b64: Buffer.from(QuotaContemplated.encode(event).finish()).toString('base64') }),
    });
    if (waitsForPayment) {
      pending++;
      events.push(bidWonEvent(a, quota, c, bid!, deadline, meta.correlationId));
      await scheduleBidDefault(trx, a.groupId, a.id, quota.quotaId, deadline);
    } else {
      events.push(outgoing('draws.quota.contemplated', quota.quotaId, event, meta.correlationId));
    }
  }
  for (const w of result.awards) {
    const q = await trx('draws.quotas')
      .where({ group_id: a.groupId, number: w.number, version: w.version })
      .first<{ id: string }>('id');
    events.push(
      outgoing(
        'draws.excluded.refund_drawn',
        q.id,
        {
          assemblyId: a.id,
          quota: { groupId: a.groupId, quotaId: q.id, number: w.number, version: w.version },
          grossCentavos: w.gross,
          penaltyCentavos: w.penalty,
          netCentavos: w.net,
        },
        meta.correlationId,
      ),
    );
  }
  events.push(
    outgoing(
      'draws.assembly.result_published',
      a.id,
      { assemblyId: a.id, groupId: a.groupId, period: a.period, minutes },
      meta.correlationId,
    ),
  );
  if (pending === 0)
    events.push(
      outgoing(
        'draws.assembly.closed',
        a.id,
        { assemblyId: a.id, groupId: a.groupId, period: a.period, finalAvailableCentavos: result.available },
        meta.correlationId,
      ),
    );
  await updateAssembly(trx, a.id, { status: pending > 0 ? 'SETTLING' : 'CLOSED', available: result.available });
  await appendToOutbox(trx, SCHEMA, events);
  return minutes;
}

/** Each seat's current record (highest version): what a seat number stands for in draws and bids. */
export async function currentRecords(trx: Knex.Transaction, groupId: string): Promise<Map<number, QuotaRef>> {
  const rows = (
    await trx.raw<{ rows: { id: string; number: number; version: number }[] }>(
      `select distinct on (number) id, number, version from draws.quotas where group_id = ? order by number, version desc`,
      [groupId],
    )
  ).rows;
  return new Map(rows.map((r) => [r.number, { groupId, quotaId: r.id, number: r.number, version: r.version }]));
}

type SnapshotBid = Snapshot['bids'][number];

const splitOf = (s: { fc: bigint; af: bigint; fr: bigint } | undefined) => ({
  fcCentavos: s?.fc ?? 0n,
  afCentavos: s?.af ?? 0n,
  frCentavos: s?.fr ?? 0n,
});

/** draws.quota.contemplated's payload: what payments books (E7/E8, the amortization) and credit issues. */
function contemplatedEvent(
  contemplationId: string,
  a: StoredAssembly,
  quota: QuotaRef,
  c: Contemplation,
  creditValue: string,
  bid: SnapshotBid | undefined,
): QuotaContemplated {
  const m = c.money;
  return {
    contemplationId,
    assemblyId: a.id,
    quota,
    type: toProtoEnum(ProtoContemplationType, 'CONTEMPLATION_TYPE_', c.type),
    period: a.period,
    creditValueCentavos: BigInt(creditValue),
    bidPct: bid ? BigInt(bid.bidPct) : 0n,
    embeddedPct: bid ? BigInt(bid.embeddedPct) : 0n,
    embeddedSplit: splitOf(m?.embeddedSplit),
    ownCentavos: m?.own ?? 0n,
    ownSplit: splitOf(m?.ownSplit),
    netCostCentavos: c.netCost,
    reserveUsedCentavos: c.reserveUsed,
    amortizationMode: toProtoEnum(ProtoAmortizationMode, 'AMORTIZATION_MODE_', bid ? bid.amortizationMode : null),
  };
}

function bidWonEvent(
  a: StoredAssembly,
  quota: QuotaRef,
  c: Contemplation,
  bid: SnapshotBid,
  deadline: string,
  correlationId: string,
) {
  const m = c.money!;
  return outgoing(
    'draws.bid.won',
    quota.quotaId,
    {
      assemblyId: a.id,
      quota,
      period: a.period,
      bidPct: BigInt(bid.bidPct),
      embeddedPct: BigInt(bid.embeddedPct),
      ownCentavos: m.own,
      ownSplit: splitOf(m.ownSplit),
      paymentDeadline: deadline,
    },
    correlationId,
  );
}
