import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import { AdjustmentApplied } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import { installmentAtPeriod, revalueFund, revaluationCoverEntry, type LedgerRecordStatus } from '../domain';
import { getGroup, setCreditValue } from '../db/groups-repo';
import { creditBalance, postJournal } from '../db/journal-repo';
import { QUOTAS, quotaFromRow, type QuotaRow } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';

/**
 * credit.adjustment.applied (domain §10): the new credit value is in force from its date (installments paid from
 * then on are valued with it, D-14), and the fund is revalued (§10.3): D = the common fund × the index variation;
 * the reserve covers what it can (E14), the rest is apportioned equally over the billing records (D-20) as a
 * `fundRevaluation` line on their installment of the adjustment's first period — billed with it. Once per
 * adjustment (group and first period).
 */
export const onAdjustmentApplied: EventHandler = async ({ trx, meta, body }) => {
  const e = AdjustmentApplied.decode(body);
  const group = await getGroup(trx, e.groupId);
  if (!group) throw new UnavailableError(`group ${e.groupId} is not projected yet; retrying`);
  const inserted = await trx('payments.adjustments')
    .insert({
      group_id: group.id,
      first_period: e.firstPeriod,
      index_variation_pct: e.indexVariationPct,
      new_credit_value: e.newCreditValueCentavos,
      effective_on: e.effectiveOn,
    })
    .onConflict(['group_id', 'first_period'])
    .ignore()
    .returning('group_id');
  if (inserted.length === 0) return;
  await setCreditValue(trx, group.id, e.effectiveOn, e.newCreditValueCentavos);
  // The records' rows are locked so no payment or billing reads them half revalued.
  const quotas = ((await trx(QUOTAS).where({ group_id: group.id }).orderBy('id').forUpdate()) as QuotaRow[]).map(
    quotaFromRow,
  );
  const r = revalueFund({
    commonFund: await creditBalance(trx, group.id, 'COMMON_FUND'),
    reserveFund: await creditBalance(trx, group.id, 'RESERVE_FUND'),
    indexVariationPct: e.indexVariationPct,
    records: quotas.map((q) => ({
      number: q.number,
      version: q.version,
      status: q.status as LedgerRecordStatus,
      installmentsRemaining: installmentAtPeriod(q.schedule, e.firstPeriod) === null ? 0 : 1,
    })),
  });
  const byRecord = new Map(quotas.map((q) => [`${q.number}-${q.version}`, q]));
  const shares = r.shares
    .filter((s) => s.amount !== 0n)
    .map((s) => ({ quota: byRecord.get(`${s.number}-${s.version}`)!, amount: s.amount }));
  if (shares.length > 0)
    await trx('payments.pending_extra_lines')
      .insert(shares.map((s) => ({ quota_id: s.quota.id, period: e.firstPeriod, fund_revaluation: s.amount })))
      .onConflict(['quota_id', 'period'])
      .merge();
  const correlationId = meta.correlationId ?? meta.eventId;
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'payments.fund.revalued',
      group.id,
      {
        groupId: group.id,
        period: e.firstPeriod,
        chargeCentavos: r.charge,
        reserveCoverCentavos: r.reserveCover,
        apportionedCentavos: r.apportioned,
        shares: shares.map((s) => ({
          quotaId: s.quota.id,
          number: s.quota.number,
          version: s.quota.version,
          amountCentavos: s.amount,
        })),
      },
      correlationId,
    ),
  ]);
  if (r.reserveCover > 0n)
    await postJournal(
      trx,
      [
        {
          entry: revaluationCoverEntry(r.reserveCover),
          groupId: group.id,
          cause: meta.eventId,
          businessDate: e.effectiveOn,
        },
      ],
      correlationId,
    );
};
