import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, RuleViolation } from '@consorcio/shared/errors';
import { optionalDate, requireId } from '@consorcio/shared/input';
import {
  amountDue,
  BANK_HOLIDAYS,
  closingDistributionEntry,
  distributeClosing,
  type ClosingDistribution,
  type LedgerRecordStatus,
} from '../domain';
import { creditValueOn, getGroup, type PaymentsGroup } from '../db/groups-repo';
import { openInstallments } from '../db/installments-repo';
import { creditBalance, postJournal } from '../db/journal-repo';
import { QUOTAS, quotaFromRow, type QuotaRow } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { cancelRecordInstallments } from './cancel-installments';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';
import { awardRefund } from './refunds';

/** Groups whose closing may be distributed: after the last assembly (or a dissolution), or once closed. */
const CLOSABLE = ['WINDING_UP', 'CLOSED'];

/**
 * The closing distribution (domain §14): (a) refunds awarded to excluded records not yet refunded (E12); (b) records
 * never contemplated have their open installments cancelled (E11) and get their FC percentage back at C_T; (c) the
 * common fund's remainder over the never-excluded records and (d) the reserve's over every contributor, both by
 * `allocate`; all of it credited to MEMBER_BALANCES_PAYABLE per record (E16). Once per group.
 *
 * Step (e), a contemplated record's share set off against its overdue installments, has no posting rule yet (P-05,
 * open): a closing that needs one is refused naming the records, and nothing is written.
 */
export async function closeBooks(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; closedOn?: string },
): Promise<ClosingDistribution> {
  requireId('group_id', cmd.groupId);
  const closedOn = optionalDate('closed_on', cmd.closedOn, deps.clock.today());
  const group = await getGroup(deps.db, cmd.groupId);
  if (!group) throw new NotFoundError('group', cmd.groupId);
  return deps.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`closing:${group.id}`]);
    const done = await trx('payments.closings')
      .where({ group_id: group.id })
      .first<{ summary: ClosingDistribution } | undefined>();
    if (done)
      throw new RuleViolation('closing_already_distributed', `group ${group.code}'s closing was already distributed`);
    if (!CLOSABLE.includes(group.status))
      throw new RuleViolation(
        'group_not_winding_up',
        `group ${group.code} is ${group.status}: its last assembly has not been held`,
      );
    return distribute(trx, group, closedOn, meta);
  });
}

async function distribute(
  trx: Knex.Transaction,
  group: PaymentsGroup,
  closedOn: string,
  meta: CommandMeta,
): Promise<ClosingDistribution> {
  const creditValue = await creditValueOn(trx, group.id, closedOn);
  const quotas = ((await trx(QUOTAS).where({ group_id: group.id }).orderBy('id').forUpdate()) as QuotaRow[]).map(
    quotaFromRow,
  );
  const terms = (optIn: boolean) => ({
    creditValue,
    insurance: { optIn, monthlyPct: group.insuranceMonthlyPct },
    lateFeeRates: group.lateFeeRates,
    holidays: BANK_HOLIDAYS,
  });
  const records = [];
  for (const q of quotas) {
    const contemplated = q.status.startsWith('CONTEMPLATED') || q.status === 'SETTLED';
    const overdue = contemplated
      ? (await openInstallments(trx, q.id))
          .filter((i) => i.effectiveDueOn < closedOn)
          .map((i) => ({ period: i.period, amountDue: amountDue(i.open, closedOn, terms(q.insuranceOptIn)).amountDue }))
      : [];
    records.push({
      number: q.number,
      version: q.version,
      status: q.status as LedgerRecordStatus,
      fcPaidPct: q.paid.fc,
      frPaidPct: q.paid.fr,
      overdue,
    });
  }
  const d = distributeClosing({
    creditValue,
    exclusionPenaltyPct: group.exclusionPenaltyPct,
    commonFund: await creditBalance(trx, group.id, 'COMMON_FUND'),
    reserveFund: await creditBalance(trx, group.id, 'RESERVE_FUND'),
    records,
  });
  const setOffs = d.records.filter((r) => r.appliedToDebt.length > 0);
  if (setOffs.length > 0)
    throw new RuleViolation(
      'closing_set_off_open',
      `records ${setOffs.map((r) => `${r.number}-${r.version}`).join(', ')} owe overdue installments their closing ` +
        'shares would pay; posting that set-off is an open decision (P-05), so the closing is not distributed',
    );
  const byRecord = new Map(quotas.map((q) => [`${q.number}-${q.version}`, q]));
  const cause = `closing:${group.id}`;
  for (const share of d.records) {
    const quota = byRecord.get(`${share.number}-${share.version}`)!;
    if (share.refund)
      await awardRefund(trx, quota, {
        ...share.refund,
        assemblyId: null,
        awardedOn: closedOn,
        correlationId: meta.correlationId,
        cause,
      });
    if (share.role === 'NEVER_CONTEMPLATED')
      await cancelRecordInstallments(trx, quota, {
        reason: 'group closing',
        on: closedOn,
        correlationId: meta.correlationId,
        cause,
      });
  }
  const payouts = d.records
    .map((r) => ({
      number: r.number,
      version: r.version,
      fromCommonFund: r.fcReturn + r.commonFundShare,
      fromReserveFund: r.reserveShare,
    }))
    .filter((p) => p.fromCommonFund + p.fromReserveFund > 0n);
  await trx('payments.closings').insert({
    group_id: group.id,
    closed_on: closedOn,
    summary: JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'payments.closing.distributed',
      group.id,
      {
        groupId: group.id,
        refundsAwardedCentavos: d.refundsAwarded,
        fcReturnedCentavos: d.fcReturned,
        commonFundDistributedCentavos: d.commonFundDistributed,
        reserveFundDistributedCentavos: d.reserveFundDistributed,
        commonFundLeftCentavos: d.commonFundLeft,
        reserveFundLeftCentavos: d.reserveFundLeft,
        payables: d.records
          .filter((r) => r.payable > 0n)
          .map((r) => {
            const q = byRecord.get(`${r.number}-${r.version}`)!;
            return { quotaId: q.id, number: r.number, version: r.version, amountCentavos: r.payable };
          }),
      },
      meta.correlationId,
    ),
  ]);
  if (payouts.length > 0)
    await postJournal(
      trx,
      [{ entry: closingDistributionEntry(payouts), groupId: group.id, cause, businessDate: closedOn }],
      meta.correlationId,
    );
  return d;
}
