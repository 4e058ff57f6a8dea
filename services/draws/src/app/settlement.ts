import type { Knex } from 'knex';
import { appendToOutbox, type EventHandler, type OutboxEventInput } from '@consorcio/shared/bus';
import { BANK_HOLIDAYS } from '@consorcio/shared/clock';
import {
  AmortizationMode,
  ContemplationType,
  QuotaContemplated,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { BidPaid } from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import { LetterCancelled } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import { toProtoEnum } from '@consorcio/shared/grpc';
import { newId } from '@consorcio/shared/ids';
import { bidMoney } from '@consorcio/shared/rules';
import { bidPaymentDeadline, settleDefault } from '../domain';
import { groupRules, lockAssembly, updateAssembly, type StoredAssembly } from '../db/assemblies-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';
import type { Snapshot } from './minutes';
import { scheduleBidDefault } from './calendar-reminders';
import { currentRecords } from './run-assembly';

interface ContemplationRow {
  id: string;
  assembly_id: string;
  quota_id: string;
  bid_id: string | null;
  status: 'PENDING' | 'CONFIRMED' | 'DEFAULTED';
  net_cost: bigint;
  event: { b64: string };
}

const decoded = (row: ContemplationRow) => QuotaContemplated.decode(Buffer.from(row.event.b64, 'base64'));

/**
 * A credit letter cancelled after issue (§9.8): its contemplation (the letter's id is the contemplation's) no longer
 * holds the seat, so the record may be drawn or win a bid again once groups reinstates it.
 */
export const onLetterCancelled: EventHandler = async ({ trx, body }) => {
  const e = LetterCancelled.decode(body);
  await trx('draws.contemplations').where({ id: e.letterId, status: 'CONFIRMED' }).update({ status: 'CANCELLED' });
};

/**
 * payments.bid.paid: the winning bid's own part was paid by its deadline, so its contemplation is final —
 * `draws.quota.contemplated` goes out (payments books E7, credit issues the letter) and the bid is PAID.
 */
export const onBidPaid: EventHandler = async ({ trx, meta, body }) => {
  const e = BidPaid.decode(body);
  const a = await lockAssembly(trx, e.assemblyId);
  const row = await trx('draws.contemplations')
    .where({ assembly_id: a.id, quota_id: e.quota?.quotaId ?? '', status: 'PENDING' })
    .first<ContemplationRow | undefined>();
  if (!row) return; // already confirmed (a redelivery), or defaulted before the payment arrived
  await trx('draws.contemplations').where({ id: row.id }).update({ status: 'CONFIRMED' });
  if (row.bid_id) await trx('draws.bids').where({ id: row.bid_id }).update({ status: 'PAID' });
  const correlationId = meta.correlationId ?? meta.eventId;
  await appendToOutbox(trx, SCHEMA, [outgoing('draws.quota.contemplated', row.quota_id, decoded(row), correlationId)]);
  await closeIfSettled(trx, a, correlationId);
};

/**
 * A winning bid's payment deadline passed (§6.7): if it is still unpaid the bid DEFAULTED, its net cost returns to
 * the available funds, and the first alternate takes its place when the funds pay its net cost (`settleDefault`,
 * D-19's stop rule), with its own deadline counted from today. Runs from the group's assembly mailbox.
 */
export async function defaultUnpaidBid(
  trx: Knex.Transaction,
  today: string,
  cmd: { assemblyId: string; quotaId: string; correlationId: string },
): Promise<void> {
  {
    const { assemblyId, quotaId, correlationId } = cmd;
    const a = await lockAssembly(trx, assemblyId);
    const row = await trx('draws.contemplations')
      .where({ assembly_id: a.id, quota_id: quotaId, status: 'PENDING' })
      .first<ContemplationRow | undefined>();
    if (!row) return; // paid in time
    await trx('draws.contemplations').where({ id: row.id }).update({ status: 'DEFAULTED' });
    if (row.bid_id) await trx('draws.bids').where({ id: row.bid_id }).update({ status: 'DEFAULTED' });
    const quota = decoded(row).quota;
    const events: OutboxEventInput[] = [
      outgoing('draws.bid.defaulted', quotaId, { assemblyId: a.id, quota }, correlationId),
    ];
    const waiting = await trx('draws.bids')
      .where({ assembly_id: a.id, status: 'ALTERNATE' })
      .orderBy('rank')
      .select<{ id: string; net_cost: bigint; quota_id: string; number: number }[]>(
        'id',
        'net_cost',
        'quota_id',
        'number',
      );
    const settled = settleDefault({
      available: a.available ?? 0n,
      defaultedNetCost: row.net_cost,
      alternates: waiting.map((w) => ({ bidId: w.id, netCost: w.net_cost })),
    });
    await updateAssembly(trx, a.id, { available: settled.available });
    if (settled.promoted) {
      const bid = waiting.find((w) => w.id === settled.promoted)!;
      events.push(...(await promote(trx, a, bid.id, today, correlationId)));
    }
    await appendToOutbox(trx, SCHEMA, events);
    await closeIfSettled(trx, a, correlationId);
  }
}

/** An alternate takes a defaulted winner's place: a pending contemplation with its own payment deadline. */
async function promote(
  trx: Knex.Transaction,
  a: StoredAssembly,
  bidId: string,
  today: string,
  correlationId: string,
): Promise<OutboxEventInput[]> {
  const snapshot = a.snapshot as Snapshot;
  const bid = snapshot.bids.find((b) => b.bidId === bidId)!;
  const group = await groupRules(trx, a.groupId);
  const quota = (await currentRecords(trx, a.groupId)).get(bid.number)!;
  const creditValue = BigInt(snapshot.creditValue);
  const money = bidMoney({
    creditValue,
    bidPct: BigInt(bid.bidPct),
    embeddedPct: BigInt(bid.embeddedPct),
    remaining: { fc: BigInt(bid.remaining.fc), af: BigInt(bid.remaining.af), fr: BigInt(bid.remaining.fr) },
  });
  const deadline = bidPaymentDeadline(today, group.bidPaymentDeadlineBusinessDays, BANK_HOLIDAYS);
  const split = (s: { fc: bigint; af: bigint; fr: bigint }) => ({
    fcCentavos: s.fc,
    afCentavos: s.af,
    frCentavos: s.fr,
  });
  const contemplationId = newId();
  const event: QuotaContemplated = {
    contemplationId,
    assemblyId: a.id,
    quota,
    type: ContemplationType.CONTEMPLATION_TYPE_FREE_BID,
    period: a.period,
    creditValueCentavos: creditValue,
    bidPct: BigInt(bid.bidPct),
    embeddedPct: BigInt(bid.embeddedPct),
    embeddedSplit: split(money.embeddedSplit),
    ownCentavos: money.own,
    ownSplit: split(money.ownSplit),
    netCostCentavos: money.netCost,
    reserveUsedCentavos: 0n,
    amortizationMode: toProtoEnum(AmortizationMode, 'AMORTIZATION_MODE_', bid.amortizationMode),
  };
  const pending = money.own > 0n;
  await trx('draws.bids').where({ id: bidId }).update({ status: 'PROMOTED' });
  await trx('draws.contemplations').insert({
    id: contemplationId,
    assembly_id: a.id,
    quota_id: quota.quotaId,
    bid_id: bidId,
    type: 'FREE_BID',
    status: pending ? 'PENDING' : 'CONFIRMED',
    net_cost: money.netCost,
    payment_deadline: pending ? deadline : null,
    event: JSON.stringify({ b64: Buffer.from(QuotaContemplated.encode(event).finish()).toString('base64') }),
  });
  const events = [
    outgoing(
      'draws.bid.promoted',
      quota.quotaId,
      { assemblyId: a.id, bidId, quota, paymentDeadline: pending ? deadline : '' },
      correlationId,
    ),
  ];
  if (!pending) return [...events, outgoing('draws.quota.contemplated', quota.quotaId, event, correlationId)];
  await scheduleBidDefault(trx, a.groupId, a.id, quota.quotaId, deadline);
  return [
    ...events,
    outgoing(
      'draws.bid.won',
      quota.quotaId,
      {
        assemblyId: a.id,
        quota,
        period: a.period,
        bidPct: BigInt(bid.bidPct),
        embeddedPct: BigInt(bid.embeddedPct),
        ownCentavos: money.own,
        ownSplit: split(money.ownSplit),
        paymentDeadline: deadline,
      },
      correlationId,
    ),
  ];
}

/** With no contemplation pending the assembly is CLOSED; alternates never promoted LOST. */
async function closeIfSettled(trx: Knex.Transaction, a: StoredAssembly, correlationId: string): Promise<void> {
  const pending = await trx('draws.contemplations')
    .where({ assembly_id: a.id, status: 'PENDING' })
    .first<{ id: string } | undefined>('id');
  if (pending) return;
  await trx('draws.bids').where({ assembly_id: a.id, status: 'ALTERNATE' }).update({ status: 'LOST' });
  const fresh = await lockAssembly(trx, a.id);
  if (fresh.status === 'CLOSED') return;
  await updateAssembly(trx, a.id, { status: 'CLOSED' });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'draws.assembly.closed',
      a.id,
      { assemblyId: a.id, groupId: a.groupId, period: a.period, finalAvailableCentavos: fresh.available ?? 0n },
      correlationId,
    ),
  ]);
}
