import { UnavailableError } from '@consorcio/shared/errors';
import { randomBytes } from 'node:crypto';
import { appendToOutbox } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import { ConflictError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import type { LotteryResult } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { newId } from '@consorcio/shared/ids';
import { requireDate, requireId } from '@consorcio/shared/input';
import { MAX_PRIZE, isExcludedCandidate } from '../domain';
import { eligibleSeats } from './eligible-seats';
import {
  ASSEMBLIES,
  getAssembly,
  groupRules,
  lockAssembly,
  updateAssembly,
  type AssemblyStatus,
  type StoredAssembly,
} from '../db/assemblies-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type DrawsDeps } from './deps';
import { snapshotHash, type Snapshot } from './minutes';

function requireStatus(a: StoredAssembly, expected: AssemblyStatus, act: string): void {
  if (a.status !== expected)
    throw new RuleViolation(
      `assembly_not_${expected.toLowerCase()}`,
      `assembly ${a.id} is ${a.status}: it must be ${expected} to ${act}`,
    );
}

/**
 * Schedules a group's assembly of a period with its dates (domain §2.2: the bid deadline before the extraction, the
 * extraction on or before the assembly). One per group and period: scheduling it again answers the same assembly.
 */
export async function scheduleAssembly(
  deps: DrawsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; period: number; bidDeadline: Date | undefined; extractionDate: string; assemblyDate: string },
): Promise<StoredAssembly> {
  requireId('group_id', cmd.groupId);
  requireDate('extraction_date', cmd.extractionDate);
  requireDate('assembly_date', cmd.assemblyDate);
  if (!cmd.bidDeadline) throw new ValidationError('bid_deadline', 'is required');
  if (calendarDateAt(cmd.bidDeadline) >= cmd.extractionDate)
    throw new ValidationError('bid_deadline', 'must be before the extraction date (D-07: nobody bids knowing the key)');
  if (cmd.extractionDate > cmd.assemblyDate)
    throw new ValidationError('assembly_date', 'must be on or after the extraction date');
  const group = await groupRules(deps.db, cmd.groupId);
  if (!Number.isInteger(cmd.period) || cmd.period < 1 || cmd.period > group.termMonths)
    throw new ValidationError('period', `must be between 1 and the group's term, ${group.termMonths}`);
  if (group.status !== 'ACTIVE' && !(group.status === 'FORMING' && cmd.period === 1))
    throw new RuleViolation(
      'group_not_active',
      `group ${group.id} is ${group.status}: its assemblies cannot be scheduled`,
    );
  const id = await deps.db.transaction(async (trx) => {
    const assemblyId = newId();
    // The calendar's reminder and an operator may schedule the same period at once: the loser of the insert
    // answers the winner's assembly (idempotent per group and period), not a unique violation.
    const inserted: { id: string }[] = await trx(ASSEMBLIES)
      .insert({
        id: assemblyId,
        group_id: group.id,
        period: cmd.period,
        status: 'SCHEDULED',
        bid_deadline: cmd.bidDeadline,
        extraction_date: cmd.extractionDate,
        assembly_date: cmd.assemblyDate,
      })
      .onConflict(['group_id', 'period'])
      .ignore()
      .returning('id');
    if (inserted.length === 0) {
      const existing = await trx(ASSEMBLIES)
        .where({ group_id: group.id, period: cmd.period })
        .first<{ id: string } | undefined>('id');
      if (!existing) throw new Error(`assembly of period ${cmd.period} lost its insert race to a row that is gone`);
      return existing.id;
    }
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'draws.assembly.scheduled',
        assemblyId,
        {
          assemblyId,
          groupId: group.id,
          period: cmd.period,
          bidDeadline: cmd.bidDeadline,
          extractionDate: cmd.extractionDate,
          assemblyDate: cmd.assemblyDate,
        },
        meta.correlationId,
      ),
    ]);
    return assemblyId;
  });
  return getAssembly(deps.db, id);
}

/** SCHEDULED → BIDDING_OPEN. */
export async function openBidding(deps: DrawsDeps, meta: CommandMeta, assemblyId: string): Promise<StoredAssembly> {
  requireId('assembly_id', assemblyId);
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, assemblyId);
    if (a.status === 'BIDDING_OPEN') return;
    requireStatus(a, 'SCHEDULED', 'open bidding');
    await updateAssembly(trx, a.id, { status: 'BIDDING_OPEN' });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'draws.assembly.bidding_opened',
        a.id,
        { assemblyId: a.id, groupId: a.groupId, period: a.period },
        meta.correlationId,
      ),
    ]);
  });
  return getAssembly(deps.db, assemblyId);
}

/**
 * BIDDING_OPEN → BIDDING_CLOSED at the deadline: the snapshot (§6.2) freezes C_p, the funds (from payments), the
 * eligible seats, the excluded candidates (their paid FC, from payments) and the sealed bid book (each bidder's
 * remaining percentages, from payments); its hash is published at once, its content with the minutes.
 */
export async function closeBidding(
  deps: DrawsDeps,
  meta: CommandMeta,
  assemblyId: string,
): Promise<{ assembly: StoredAssembly; eligible: number; bids: number }> {
  requireId('assembly_id', assemblyId);
  const before = await getAssembly(deps.db, assemblyId);
  if (before.status !== 'BIDDING_OPEN' && before.snapshot) {
    return { assembly: before, eligible: before.snapshot.eligible.length, bids: before.snapshot.bids.length };
  }
  requireStatus(before, 'BIDDING_OPEN', 'close bidding');
  if (deps.clock.now().getTime() < before.bidDeadline.getTime())
    throw new RuleViolation('before_bid_deadline', `bidding closes at ${before.bidDeadline.toISOString()}`);
  const group = await groupRules(deps.db, before.groupId);
  const snapshotDate = calendarDateAt(before.bidDeadline);
  // Money first, outside the transaction (a remote call must not hold row locks).
  const funds = await deps.payments.fundBalances(group.id);
  const eligible = await eligibleSeats(deps.db, group.id, before.period, snapshotDate);
  const excluded = (await deps.db('draws.quotas').where({ group_id: group.id, status: 'EXCLUDED' })) as {
    id: string;
    number: number;
    version: number;
    status: string;
    excluded_on: string | null;
  }[];
  const candidateRows = excluded.filter((x) =>
    isExcludedCandidate({ status: x.status, excludedOn: x.excluded_on }, snapshotDate),
  );
  const liveBids = (await deps.db('draws.bids').where({ assembly_id: assemblyId, status: 'SUBMITTED' })) as {
    id: string;
    quota_id: string;
    number: number;
    mode: 'FREE' | 'FIXED';
    bid_pct: bigint;
    embedded_pct: bigint;
    amortization_mode: 'REDUCE_TERM' | 'REDUCE_INSTALLMENT';
    salt: string;
    commitment: string;
  }[];
  // Every bidder's and candidate's percentages in one batch read from payments, not one call each.
  const percentages = await deps.payments.percentagesOf([
    ...new Set([...candidateRows.map((q) => q.id), ...liveBids.map((b) => b.quota_id)]),
  ]);
  const pctsOf = (quotaId: string) => {
    const p = percentages.get(quotaId);
    if (!p) throw new UnavailableError(`payments does not know record ${quotaId} yet; retry closing the bidding`);
    return p;
  };
  const candidates = candidateRows.map((q) => ({
    quotaId: q.id,
    number: q.number,
    version: q.version,
    fcPaidPct: pctsOf(q.id).paid.fc.toString(),
  }));
  const bids = [];
  for (const b of liveBids) {
    const pcts = pctsOf(b.quota_id);
    bids.push({
      bidId: b.id,
      quotaId: b.quota_id,
      number: b.number,
      mode: b.mode,
      bidPct: b.bid_pct.toString(),
      embeddedPct: b.embedded_pct.toString(),
      amortizationMode: b.amortization_mode,
      remaining: {
        fc: pcts.remaining.fc.toString(),
        af: pcts.remaining.af.toString(),
        fr: pcts.remaining.fr.toString(),
      },
      salt: b.salt,
      commitment: b.commitment,
    });
  }
  const snapshot: Snapshot = {
    creditValue: group.creditValue.toString(),
    commonFund: funds.commonFund.toString(),
    reserveFund: funds.reserveFund.toString(),
    rules: {
      maxQuotas: group.maxQuotas,
      drawsPerAssembly: group.drawsPerAssembly,
      excludedDrawsPerAssembly: group.excludedDrawsPerAssembly,
      fixedBidSlotsPerAssembly: group.fixedBidsEnabled ? group.fixedBidSlotsPerAssembly : 0,
      maxBidContemplationsPerAssembly: group.maxBidContemplationsPerAssembly,
      extraDrawsWhenFundsRemain: group.extraDrawsWhenFundsRemain,
      alternatesCount: group.alternatesCount,
      exclusionPenaltyPct: group.exclusionPenaltyPct.toString(),
    },
    eligible,
    excludedCandidates: candidates.sort((a, b) => a.number - b.number || a.version - b.version),
    bids: bids.sort((a, b) => a.bidId.localeCompare(b.bidId)),
  };
  const hash = snapshotHash(snapshot);
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, assemblyId);
    if (a.status !== 'BIDDING_OPEN') throw new ConflictError(`assembly ${a.id} was closed meanwhile`);
    const changed = await trx('draws.bids')
      .where({ assembly_id: assemblyId, status: 'SUBMITTED' })
      .count<{ n: string }[]>('* as n');
    if (Number(changed[0]?.n) !== liveBids.length)
      throw new ConflictError('the bid book changed while it was frozen; retry');
    await updateAssembly(trx, a.id, { status: 'BIDDING_CLOSED', snapshot, snapshotHash: hash });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'draws.assembly.bidding_closed',
        a.id,
        {
          assemblyId: a.id,
          groupId: a.groupId,
          period: a.period,
          snapshotHash: hash,
          eligible: eligible.length,
          bids: bids.length,
        },
        meta.correlationId,
      ),
    ]);
  });
  return { assembly: await getAssembly(deps.db, assemblyId), eligible: eligible.length, bids: bids.length };
}

/** Enters the extraction (maker): after bidding closed, by an operator; its confirmation needs another one. */
export async function enterLottery(
  deps: DrawsDeps,
  meta: CommandMeta,
  cmd: { assemblyId: string; extractionNumber: number; extractionDate: string; prizes: number[]; source: string },
): Promise<StoredAssembly> {
  requireId('assembly_id', cmd.assemblyId);
  const violations: { field: string; rule: string }[] = [];
  if (!Number.isInteger(cmd.extractionNumber) || cmd.extractionNumber < 1)
    violations.push({ field: 'extraction_number', rule: 'must be a positive whole number' });
  if (cmd.prizes.length !== 5 || cmd.prizes.some((p) => !Number.isInteger(p) || p < 0 || p > MAX_PRIZE))
    violations.push({ field: 'prizes', rule: `must be the five prizes, each a whole number 0..${MAX_PRIZE}` });
  if (cmd.source.trim().length < 5) violations.push({ field: 'source', rule: 'must say where the result was read' });
  ValidationError.throwIfAny(violations);
  requireDate('extraction_date', cmd.extractionDate);
  if (!meta.userId) throw new ValidationError('user', 'an identified operator must enter the result');
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, cmd.assemblyId);
    requireStatus(a, 'BIDDING_CLOSED', 'enter its lottery result');
    if (a.lotteryConfirmedBy) throw new RuleViolation('lottery_confirmed', 'the confirmed result cannot be replaced');
    // D-07: the first extraction after the bid deadline.
    if (cmd.extractionDate < calendarDateAt(a.bidDeadline))
      throw new RuleViolation('extraction_before_deadline', `the extraction must be held after the bid deadline`);
    const lottery: LotteryResult = {
      extractionNumber: cmd.extractionNumber,
      extractionDate: cmd.extractionDate,
      prizes: cmd.prizes,
      source: cmd.source.trim(),
      enteredBy: meta.userId!,
      confirmedBy: '',
    };
    await updateAssembly(trx, a.id, { lottery, lotteryEnteredBy: meta.userId! });
    await appendToOutbox(trx, SCHEMA, [
      outgoing('draws.lottery.entered', a.id, { assemblyId: a.id, lottery }, meta.correlationId),
    ]);
  });
  return getAssembly(deps.db, cmd.assemblyId);
}

/** Confirms the entered extraction (checker): never the operator who entered it. */
export async function confirmLottery(deps: DrawsDeps, meta: CommandMeta, assemblyId: string): Promise<StoredAssembly> {
  requireId('assembly_id', assemblyId);
  if (!meta.userId) throw new ValidationError('user', 'an identified operator must confirm the result');
  await deps.db.transaction(async (trx) => {
    const a = await lockAssembly(trx, assemblyId);
    requireStatus(a, 'BIDDING_CLOSED', 'confirm its lottery result');
    if (!a.lottery) throw new RuleViolation('lottery_not_entered', 'no lottery result was entered to confirm');
    if (a.lotteryConfirmedBy) return;
    if (a.lotteryEnteredBy === meta.userId)
      throw new RuleViolation('same_operator', 'the operator who entered the result cannot confirm it (maker-checker)');
    const lottery = { ...a.lottery, confirmedBy: meta.userId! };
    await updateAssembly(trx, a.id, { lottery, lotteryConfirmedBy: meta.userId! });
    await appendToOutbox(trx, SCHEMA, [
      outgoing('draws.lottery.confirmed', a.id, { assemblyId: a.id, lottery }, meta.correlationId),
    ]);
  });
  return getAssembly(deps.db, assemblyId);
}

/** A random salt for a bid's commitment. */
export const newSalt = (): string => randomBytes(16).toString('hex');
