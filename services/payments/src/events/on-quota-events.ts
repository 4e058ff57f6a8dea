import { acceptNewerVersion, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import {
  QuotaActivated,
  QuotaDelinquencyRecorded,
  QuotaEnrolled,
  QuotaExcluded,
  QuotaReinstatedActive,
  QuotaSettled,
  QuotaTransferred,
  QuotaWithdrawn,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { QuotaStatus } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { fromProtoEnum } from '@consorcio/shared/grpc';
import { enrollmentPlan, upfrontAdminFee } from '../domain';
import { creditValueOn, getGroup } from '../db/groups-repo';
import { billedPeriods } from '../db/installments-repo';
import { insertQuota, lockQuota, updateQuota, type PaymentsQuota } from '../db/quotas-repo';
import { billRecords } from '../app/billing';
import { SCHEMA } from '../app/deps';
import { cancelRecordInstallments } from '../app/cancel-installments';

const correlationOf = (ctx: EventContext) => ctx.meta.correlationId ?? ctx.meta.eventId;

/**
 * groups.quota.enrolled: the record's schedule (§4.1; a late joiner pays T − k installments from period k + 1, a
 * replacement starts at 0 %, D-08), its upfront fee (§4.4), and installment 1 billed at once, due on the enrollment
 * date. A redelivery finds the record and bills nothing.
 */
export const onQuotaEnrolled: EventHandler = async (ctx) => {
  const e = QuotaEnrolled.decode(ctx.body);
  const ref = requireRef(e.quota);
  const group = await getGroup(ctx.trx, ref.groupId);
  if (!group) throw new UnavailableError(`group ${ref.groupId} is not projected yet; retrying`);
  const plan = enrollmentPlan({
    rates: group.rates,
    termMonths: group.termMonths,
    assembliesHeld: e.enrolledAtPeriod - 1,
  });
  const creditValue = await creditValueOn(ctx.trx, group.id, e.enrolledOn);
  const quota: PaymentsQuota = {
    id: ref.quotaId,
    groupId: group.id,
    number: ref.number,
    version: ref.version,
    memberId: e.memberId,
    status: 'ENROLLED',
    insuranceOptIn: e.insuranceOptIn,
    enrolledPeriod: plan.schedule.firstPeriod,
    schedule: plan.schedule,
    paid: plan.paid,
    paidCount: 0,
    upfrontFee: upfrontAdminFee(creditValue, group.rates.adminFeeUpfrontPct),
    standing: 'CURRENT',
    overdueCount: 0,
    standingOn: null,
  };
  if (!(await insertQuota(ctx.trx, quota))) return;
  await billRecords(
    ctx.trx,
    {
      group,
      period: plan.schedule.firstPeriod,
      dueOn: e.enrolledOn,
      creditValue,
      businessDate: e.enrolledOn,
      correlationId: correlationOf(ctx),
    },
    [quota],
  );
};

/**
 * groups.quota.activated: installment 1 is paid, so the record is billed from now on — including the periods whose
 * billing run passed while it was waiting for its first payment (valued at each period's credit value).
 */
export const onQuotaActivated: EventHandler = async (ctx) => {
  const e = QuotaActivated.decode(ctx.body);
  const quota = await knownQuota(ctx, e.quota);
  if (!(await newerQuotaEvent(ctx))) return;
  await updateQuota(ctx.trx, quota.id, { status: 'ACTIVE' });
  const group = await getGroup(ctx.trx, quota.groupId);
  if (!group) return;
  const have = await billedPeriods(ctx.trx, quota.id);
  const runs = (await ctx.trx('payments.billing_runs').where({ group_id: group.id }).orderBy('period')) as {
    period: number;
    due_on: string;
  }[];
  const last = quota.schedule.firstPeriod + quota.schedule.count - 1;
  for (const run of runs) {
    if (have.has(run.period) || run.period < quota.schedule.firstPeriod || run.period > last) continue;
    await billRecords(
      ctx.trx,
      {
        group,
        period: run.period,
        dueOn: run.due_on,
        creditValue: await creditValueOn(ctx.trx, group.id, run.due_on),
        businessDate: e.activatedOn,
        correlationId: correlationOf(ctx),
      },
      [{ ...quota, status: 'ACTIVE' }],
    );
  }
};

/** Status changes payments only records (delinquency recorded, reinstated, settled). */
export const onQuotaStatusChanged: EventHandler = async (ctx) => {
  let ref: QuotaRef | undefined;
  let status: string | undefined;
  switch (ctx.meta.eventType) {
    case 'groups.quota.delinquency_recorded': {
      const e = QuotaDelinquencyRecorded.decode(ctx.body);
      ref = e.quota;
      status = fromProtoEnum(QuotaStatus, 'QUOTA_STATUS_', e.status, 'status');
      break;
    }
    case 'groups.quota.reinstated_active': {
      const e = QuotaReinstatedActive.decode(ctx.body);
      ref = e.quota;
      status = fromProtoEnum(QuotaStatus, 'QUOTA_STATUS_', e.status, 'status');
      break;
    }
    default:
      ref = QuotaSettled.decode(ctx.body).quota;
      status = 'SETTLED';
  }
  const quota = await knownQuota(ctx, ref);
  if (!status || !(await newerQuotaEvent(ctx))) return;
  await updateQuota(ctx.trx, quota.id, { status });
};

/** groups.quota.excluded / withdrawn: nothing more is owed — open installments are cancelled (E11, §3.5). */
export const onQuotaLeft: EventHandler = async (ctx) => {
  const excluded = ctx.meta.eventType === 'groups.quota.excluded';
  const e = excluded ? QuotaExcluded.decode(ctx.body) : QuotaWithdrawn.decode(ctx.body);
  const quota = await knownQuota(ctx, e.quota);
  if (!(await newerQuotaEvent(ctx))) return;
  await lockQuota(ctx.trx, quota.id);
  const on = 'effectiveOn' in e ? e.effectiveOn : e.withdrawnOn;
  await updateQuota(ctx.trx, quota.id, { status: excluded ? 'EXCLUDED' : 'WITHDRAWN' });
  await cancelRecordInstallments(ctx.trx, quota, {
    reason: excluded ? 'record excluded' : 'record withdrawn',
    on,
    correlationId: correlationOf(ctx),
    cause: ctx.meta.eventId,
  });
};

/** groups.quota.transferred: the record keeps its schedule and history; only its member changes (D-09). */
export const onQuotaTransferred: EventHandler = async (ctx) => {
  const e = QuotaTransferred.decode(ctx.body);
  const quota = await knownQuota(ctx, e.quota);
  await updateQuota(ctx.trx, quota.id, { memberId: e.toMemberId });
};

function requireRef(ref: QuotaRef | undefined): QuotaRef {
  if (!ref?.quotaId || !ref.groupId) throw new UnavailableError('event without its quota reference');
  return ref;
}

/**
 * The record an event is about. Unknown means its enrollment has not been applied yet (events of one record can
 * overtake each other after a retry): throwing retries the event later instead of losing it.
 */
async function knownQuota(ctx: EventContext, ref: QuotaRef | undefined): Promise<PaymentsQuota> {
  const quota = await lockQuota(ctx.trx, requireRef(ref).quotaId);
  if (!quota) throw new UnavailableError(`quota ${ref?.quotaId} is not projected yet; retrying`);
  return quota;
}

/** Status events of one record: only one newer than the last applied takes effect. */
const newerQuotaEvent = (ctx: EventContext) =>
  acceptNewerVersion(ctx.trx, SCHEMA, 'payments.quota-status', ctx.meta.aggregateId, ctx.meta.aggregateVersion);
