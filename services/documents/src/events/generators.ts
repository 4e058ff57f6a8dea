import type { EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import { ResultPublished } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { QuotaEnrolled } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { EnrollmentChannel } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { storeGenerated } from '../app/generate';
import type { DocumentsDeps } from '../app/deps';
import { contractLayout } from '../domain/contract-layout';
import { quotaLabel as record } from '@consorcio/shared/rules';
import { minutesLayout } from '../domain/minutes-layout';
import { findGroup } from '../db/projections-repo';
import { applyHolder } from './projections';

const CHANNELS: Record<number, string> = {
  [EnrollmentChannel.ENROLLMENT_CHANNEL_PREMISES]: 'presencial',
  [EnrollmentChannel.ENROLLMENT_CHANNEL_ONLINE]: 'internet',
  [EnrollmentChannel.ENROLLMENT_CHANNEL_PHONE]: 'telefone',
};

/** groups.quota.enrolled: the record's holder (version-gated), and its adhesion contract as a PDF. */
export function onQuotaEnrolled(deps: DocumentsDeps): EventHandler {
  return async (ctx) => {
    const e = QuotaEnrolled.decode(ctx.body);
    const quota = e.quota;
    if (!quota) return;
    // The holder only if no newer holder event of the record was applied (a transfer seen first stays); the
    // contract is the enrollment's own document and is generated either way.
    await applyHolder(ctx, quota, e.memberId);
    const group = await findGroup(ctx.trx, quota.groupId);
    if (!group) throw new UnavailableError(`group ${quota.groupId} is not projected yet; retrying`);
    const display = record(quota.number, quota.version, group.maxQuotas);
    await storeGenerated(deps, ctx.trx, {
      kind: 'ADHESION_CONTRACT',
      ownerMemberId: e.memberId,
      group,
      subjectId: quota.quotaId,
      name: `contrato-adesao-${group.code}-${display}.pdf`,
      sourceEventId: ctx.meta.eventId,
      correlationId: ctx.meta.correlationId ?? ctx.meta.eventId,
      layout: contractLayout({
        groupCode: group.code,
        maxQuotas: group.maxQuotas,
        creditValue: group.creditValue,
        termMonths: group.termMonths,
        adminFeeTotalPct: group.adminFeeTotalPct,
        adminFeeUpfrontPct: group.adminFeeUpfrontPct,
        reserveFundTotalPct: group.reserveFundTotalPct,
        insuranceMonthlyPct: group.insuranceMonthlyPct,
        enrolledAtPeriod: Math.max(1, e.enrolledAtPeriod),
        quotaNumber: quota.number,
        quotaVersion: quota.version,
        quotaId: quota.quotaId,
        memberId: e.memberId,
        enrolledOn: e.enrolledOn,
        channel: CHANNELS[e.channel] ?? '—',
        insuranceOptIn: e.insuranceOptIn,
        replacement: e.replacement,
        issuedAt: ctx.meta.occurredAt,
      }),
    });
  };
}

/** draws.assembly.result_published: the assembly's minutes as a PDF, the group's document. */
export function onResultPublished(deps: DocumentsDeps): EventHandler {
  return async (ctx) => {
    const e = ResultPublished.decode(ctx.body);
    if (!e.minutes) return;
    const group = await findGroup(ctx.trx, e.groupId);
    if (!group) throw new UnavailableError(`group ${e.groupId} is not projected yet; retrying`);
    await storeGenerated(deps, ctx.trx, {
      kind: 'ASSEMBLY_MINUTES',
      ownerMemberId: null,
      group,
      subjectId: e.assemblyId,
      name: `ata-assembleia-${group.code}-${String(e.period).padStart(3, '0')}.pdf`,
      sourceEventId: ctx.meta.eventId,
      correlationId: ctx.meta.correlationId ?? ctx.meta.eventId,
      layout: minutesLayout(e.minutes, group.code, ctx.meta.occurredAt),
    });
  };
}
