import { appendToOutbox } from '@consorcio/shared/bus';
import { addDays } from '@consorcio/shared/clock';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import type { IndexEntry } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import { requireId } from '@consorcio/shared/input';
import { periodDueDate } from '@consorcio/shared/rules';
import { adjustedCreditValue, checkIndexConfirmation, isAdjustmentPeriod } from '../domain';
import { getCreditGroup } from '../db/letters-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type CreditDeps } from './deps';

interface EntryRow {
  group_id: string;
  period: number;
  variation_pct: bigint;
  source: string;
  entered_by: string;
  confirmed_by: string | null;
  new_credit_value: bigint | null;
}

const toEntry = (r: EntryRow): IndexEntry => ({
  groupId: r.group_id,
  period: r.period,
  variationPct: r.variation_pct,
  source: r.source,
  enteredBy: r.entered_by,
  confirmedBy: r.confirmed_by ?? '',
  newCreditValueCentavos: r.new_credit_value ?? 0n,
});

/** §10.1: an operator enters the index's 12-month variation for an adjustment period, with its source. */
export async function enterIndex(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { groupId: string; period: number; variationPct: bigint; source: string },
): Promise<IndexEntry> {
  requireId('group_id', cmd.groupId);
  if (!isAdjustmentPeriod(cmd.period))
    throw new ValidationError('period', 'must be an adjustment period: 13, 25, 37, …');
  if (cmd.variationPct <= -1_000_000n) throw new ValidationError('variation_pct', 'must be more than −100 %');
  if (cmd.source.trim().length < 5) throw new ValidationError('source', 'must say where the index value was read');
  if (!meta.userId) throw new ValidationError('user', 'an identified operator must enter the index');
  const group = await getCreditGroup(deps.db, cmd.groupId);
  if (!group.adjusts) throw new RuleViolation('group_not_adjusted', 'the group has no adjustment index (NONE)');
  if (cmd.period > group.termMonths)
    throw new ValidationError('period', `must be within the group's term, ${group.termMonths}`);
  return deps.db.transaction(async (trx) => {
    const existing = await trx('credit.index_entries')
      .where({ group_id: group.id, period: cmd.period })
      .forUpdate()
      .first<EntryRow | undefined>();
    if (existing?.confirmed_by)
      throw new RuleViolation('index_confirmed', `period ${cmd.period}'s index is already confirmed`);
    const row = {
      group_id: group.id,
      period: cmd.period,
      variation_pct: cmd.variationPct,
      source: cmd.source.trim(),
      entered_by: meta.userId!,
    };
    await trx('credit.index_entries')
      .insert(row)
      .onConflict(['group_id', 'period'])
      .merge(['variation_pct', 'source', 'entered_by']);
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.index.entered',
        group.id,
        {
          groupId: group.id,
          period: cmd.period,
          variationPct: cmd.variationPct,
          source: row.source,
          enteredBy: row.entered_by,
          confirmedBy: '',
        },
        meta.correlationId,
      ),
    ]);
    return toEntry({ ...row, confirmed_by: null, new_credit_value: null });
  });
}

/**
 * §10.1: a second operator confirms the entry, and the adjustment applies: `C_p = roundHalfUp(C_{p−1} × (1 +
 * idx))` from period p on — in force from that period's billing date, so its installments bill at the new value —
 * and `credit.adjustment.applied` makes payments revalue the fund (§10.3) and draws price assemblies with it. Issued
 * letters do not change (they earn yield instead).
 */
export async function confirmIndex(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { groupId: string; period: number },
): Promise<IndexEntry> {
  requireId('group_id', cmd.groupId);
  if (!meta.userId) throw new ValidationError('user', 'an identified operator must confirm the index');
  return deps.db.transaction(async (trx) => {
    const entry = await trx('credit.index_entries')
      .where({ group_id: cmd.groupId, period: cmd.period })
      .forUpdate()
      .first<EntryRow | undefined>();
    if (!entry) throw new NotFoundError('index entry', `${cmd.groupId}/${cmd.period}`);
    if (entry.confirmed_by) return toEntry(entry);
    checkIndexConfirmation({ enteredBy: entry.entered_by, confirmedBy: meta.userId! });
    const group = await trx('credit.groups')
      .where({ id: cmd.groupId })
      .forUpdate()
      .first<{ credit_value: bigint; due_day: number; constituted_on: string | null }>();
    if (!group.constituted_on) throw new RuleViolation('group_not_constituted', 'only a constituted group is adjusted');
    const previous = group.credit_value;
    const next = adjustedCreditValue(previous, entry.variation_pct);
    const effectiveOn = addDays(periodDueDate(group.constituted_on, group.due_day, cmd.period), -10);
    await trx('credit.groups').where({ id: cmd.groupId }).update({ credit_value: next });
    await trx('credit.index_entries')
      .where({ group_id: cmd.groupId, period: cmd.period })
      .update({ confirmed_by: meta.userId, new_credit_value: next });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.index.confirmed',
        cmd.groupId,
        {
          groupId: cmd.groupId,
          period: cmd.period,
          variationPct: entry.variation_pct,
          source: entry.source,
          enteredBy: entry.entered_by,
          confirmedBy: meta.userId!,
        },
        meta.correlationId,
      ),
      outgoing(
        'credit.adjustment.applied',
        cmd.groupId,
        {
          groupId: cmd.groupId,
          firstPeriod: cmd.period,
          indexVariationPct: entry.variation_pct,
          previousCreditValueCentavos: previous,
          newCreditValueCentavos: next,
          effectiveOn,
        },
        meta.correlationId,
      ),
    ]);
    return toEntry({ ...entry, confirmed_by: meta.userId!, new_credit_value: next });
  });
}
