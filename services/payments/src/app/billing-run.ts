import type { Knex } from 'knex';
import { scheduleReminder, type ReminderHandler } from '@consorcio/shared/actors';
import { businessInstant } from '@consorcio/shared/clock';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { optionalDate, requireDate, requireId } from '@consorcio/shared/input';
import { BILLING_STATUSES, billingDate, periodDueDate, periodsDue } from '../domain';
import { activeGroups, creditValueOn, getGroup, type PaymentsGroup } from '../db/groups-repo';
import { QUOTAS, quotaFromRow, type QuotaRow } from '../db/quotas-repo';
import { billRecords } from './billing';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';

/** Records billed per transaction: big enough for set-based statements, small enough to keep locks short. */
export const BILLING_CHUNK = 2000;

export const BILLING_REMINDER = 'billing.period';

export interface BillingRunResult {
  billed: number;
  alreadyBilled: number;
}

/**
 * The billing run of a group's period (domain §4.5): one installment per record in a billing status whose schedule
 * covers the period, valued with the credit value in force on the due date. Idempotent: a record that has its
 * installment is skipped, so a rerun (or a run racing another) bills nothing twice. Walks the records in chunks by
 * id, each chunk its own transaction, so a million records do not make one huge transaction, and an interrupted run
 * resumes where it stopped when run again.
 */
export async function runBilling(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; period: number; dueOn: string },
): Promise<BillingRunResult> {
  requireId('group_id', cmd.groupId);
  requireDate('due_on', cmd.dueOn);
  const group = await getGroup(deps.db, cmd.groupId);
  if (!group) throw new NotFoundError('group', cmd.groupId);
  if (!Number.isInteger(cmd.period) || cmd.period < 1 || cmd.period > group.termMonths)
    throw new ValidationError('period', `must be between 1 and the group's term, ${group.termMonths}`);
  if (group.status !== 'ACTIVE')
    throw new RuleViolation(
      'group_not_active',
      `group ${group.code} is ${group.status}: only an ACTIVE group is billed`,
    );
  const earlier = await deps
    .db('payments.billing_runs')
    .where({ group_id: group.id, period: cmd.period })
    .first<{ due_on: string } | undefined>('due_on');
  if (earlier && earlier.due_on !== cmd.dueOn)
    throw new RuleViolation(
      'due_date_mismatch',
      `period ${cmd.period} of group ${group.code} was billed due on ${earlier.due_on}, not ${cmd.dueOn}`,
    );
  const creditValue = await creditValueOn(deps.db, group.id, cmd.dueOn);
  const today = deps.clock.today();
  let billed = 0;
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const chunk = await deps.db.transaction(async (trx) => {
      const rows = (await recordsToBill(trx, group.id, cmd.period, afterId)) as QuotaRow[];
      if (rows.length === 0) return null;
      const n = await billRecords(
        trx,
        {
          group,
          period: cmd.period,
          dueOn: cmd.dueOn,
          creditValue,
          businessDate: today,
          correlationId: meta.correlationId,
        },
        rows.map(quotaFromRow),
      );
      return { n, lastId: (rows[rows.length - 1] as QuotaRow).id };
    });
    if (!chunk) break;
    billed += chunk.n;
    afterId = chunk.lastId;
  }
  const total = await deps.db.transaction(async (trx) => {
    await trx('payments.billing_runs')
      .insert({ group_id: group.id, period: cmd.period, due_on: cmd.dueOn, billed })
      .onConflict(['group_id', 'period'])
      .merge({ billed: trx.raw('payments.billing_runs.billed + ?', [billed]), ran_at: trx.fn.now() });
    const row = (await trx('payments.installments')
      .where({ group_id: group.id, period: cmd.period })
      .count<{ n: string | bigint }[]>('* as n')
      .first()) as { n: string | bigint };
    return Number(row.n);
  });
  return { billed, alreadyBilled: total - billed };
}

/** The next records of a group (by id) that are billed and whose schedule covers the period. */
function recordsToBill(trx: Knex.Transaction, groupId: string, period: number, afterId: string) {
  return trx(QUOTAS)
    .where({ group_id: groupId })
    .whereIn('status', BILLING_STATUSES)
    .andWhere('first_period', '<=', period)
    .andWhereRaw('first_period + installment_count - 1 >= ?', [period])
    .andWhere('id', '>', afterId)
    .orderBy('id')
    .limit(BILLING_CHUNK);
}

/** Every billing run whose billing date has come, across active groups (catch-up, or a manual trigger). */
export async function runDueBilling(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { on?: string },
): Promise<{ runs: number; billed: number }> {
  const on = optionalDate('on', cmd.on, deps.clock.today());
  let runs = 0;
  let billed = 0;
  for (const group of await activeGroups(deps.db)) {
    if (!group.constitutedOn) continue;
    const done = new Set(
      (await deps.db('payments.billing_runs').where({ group_id: group.id }).select<{ period: number }[]>('period')).map(
        (r) => r.period,
      ),
    );
    const due = periodsDue({
      constitutedOn: group.constitutedOn,
      dueDay: group.dueDay,
      termMonths: group.termMonths,
      on,
    });
    for (const { period, dueOn } of due) {
      if (done.has(period)) continue;
      const r = await runBilling(deps, meta, { groupId: group.id, period, dueOn });
      runs++;
      billed += r.billed;
    }
  }
  return { runs, billed };
}

/** At constitution: the durable timer that fires the billing of period 2 on its billing date. */
export async function scheduleBilling(trx: Knex.Transaction, group: PaymentsGroup, period: number): Promise<void> {
  if (!group.constitutedOn || period > group.termMonths) return;
  const dueOn = periodDueDate(group.constitutedOn, group.dueDay, period);
  await scheduleReminder(trx, SCHEMA, {
    key: `${BILLING_REMINDER}:${group.id}:${period}`,
    kind: BILLING_REMINDER,
    actorId: group.id,
    // 06:00 of the billing date, São Paulo time.
    dueAt: businessInstant(billingDate(dueOn), '06:00'),
    payload: { period, dueOn },
  });
}

/**
 * Fires a period's billing: runs it (its chunks commit on their own; the run is idempotent, so a retried reminder
 * bills nothing twice) and schedules the next period's reminder with the reminder's own transaction.
 */
export function billingReminderHandler(deps: PaymentsDeps): ReminderHandler {
  return async (trx, reminder) => {
    const period = Number(reminder.payload.period);
    const dueOn = String(reminder.payload.dueOn);
    const group = await getGroup(trx, reminder.actorId);
    if (!group || group.status !== 'ACTIVE') return;
    await runBilling(
      deps,
      { correlationId: `reminder:${reminder.key}`, userId: null },
      {
        groupId: group.id,
        period,
        dueOn,
      },
    );
    await scheduleBilling(trx, group, period + 1);
  };
}
