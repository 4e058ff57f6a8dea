import { appendToOutbox } from '@consorcio/shared/bus';
import { onceByKey } from '@consorcio/shared/db';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import {
  checkConcentrationCap,
  checkEnrollment,
  OCCUPYING_STATUSES,
  type EnrollmentChannel as Channel,
} from '../domain';
import { lockGroup } from '../db/groups-repo';
import { getMember, linkedMemberIds } from '../db/members-repo';
import {
  countRecords,
  currentRecordForSeat,
  getQuota,
  insertQuota,
  lowestFreeSeat,
  updateQuota,
  type StoredQuota,
} from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { EnrollmentChannel, quotaRef, toProtoEnum } from '../grpc/mappers';
import { SCHEMA, type CommandMeta, type GroupsDeps } from './deps';
import { optionalIdempotencyKey, requireId } from '@consorcio/shared/input';

export interface EnrollQuota {
  groupId: string;
  memberId: string;
  /** 0 takes the lowest free seat. */
  number: number;
  insuranceOptIn: boolean;
  channel: Channel;
  idempotencyKey?: string;
}

/**
 * Sells a seat (domain §3.2): a first sale creates record (n, 1); the resale of an excluded seat fills
 * its AVAILABLE version (a replacement quota, which starts at 0 % paid, D-08). Checks the seat, the
 * group's window and the 10 % concentration cap, and emits `groups.quota.enrolled`.
 */
export async function enrollQuota(deps: GroupsDeps, meta: CommandMeta, cmd: EnrollQuota): Promise<StoredQuota> {
  requireId('group_id', cmd.groupId);
  requireId('member_id', cmd.memberId);
  if (!Number.isInteger(cmd.number) || cmd.number < 0)
    throw new ValidationError('number', 'must be 0 (any seat) or a seat number');
  const key = optionalIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const quotaId = await deps.db.transaction(async (trx) => {
    const group = await lockGroup(trx, cmd.groupId);
    if (!group) throw new NotFoundError('group', cmd.groupId);
    return onceByKey(
      trx,
      {
        schema: SCHEMA,
        key,
        scope: meta.userId ?? '',
        operation: 'EnrollQuota',
        request: { ...cmd, idempotencyKey: undefined },
        encode: (id: string) => Buffer.from(id),
        decode: (b: Uint8Array) => Buffer.from(b).toString(),
      },
      async () => {
        const member = await getMember(trx, cmd.memberId);
        if (!member) throw new NotFoundError('member', cmd.memberId);
        if (member.erasedAt) throw new RuleViolation('member_erased', `member ${member.id} was erased (LGPD)`);
        const params = group.state.params;
        const seat = cmd.number === 0 ? await lowestFreeSeat(trx, group.id, params.maxQuotas) : cmd.number;
        if (seat === null) {
          throw new RuleViolation('group_full', `all ${params.maxQuotas} seats of group ${group.code} are taken`);
        }
        const current = seat <= params.maxQuotas ? await currentRecordForSeat(trx, group.id, seat) : null;
        const plan = checkEnrollment({ group: group.state, seat, currentRecord: current });
        const linked = await linkedMemberIds(trx, member.id);
        checkConcentrationCap({
          groupStatus: group.state.status,
          maxQuotas: params.maxQuotas,
          heldAfter: (await countRecords(trx, group.id, OCCUPYING_STATUSES, linked)) + 1,
          activeAfter: (await countRecords(trx, group.id, OCCUPYING_STATUSES)) + 1,
          maxSharePct: params.maxQuotaSharePerMemberPct,
        });
        const today = deps.clock.today();
        const sold = {
          groupId: group.id,
          number: plan.number,
          version: plan.version,
          status: 'ENROLLED' as const,
          memberId: member.id,
          enrolledAtPeriod: plan.enrolledAtPeriod,
          insuranceOptIn: cmd.insuranceOptIn,
          channel: cmd.channel,
          enrolledOn: today,
          assembliesHeldAtEnrollment: group.state.assembliesHeld,
          exclusionReason: null,
          excludedOn: null,
        };
        const quota =
          current && current.status === 'AVAILABLE'
            ? await updateQuota(trx, { ...sold, id: current.id })
            : await insertQuota(trx, { ...sold, id: newId() });
        await appendToOutbox(trx, SCHEMA, [
          outgoing(
            'groups.quota.enrolled',
            quota.id,
            {
              quota: quotaRef(quota),
              memberId: member.id,
              enrolledAtPeriod: plan.enrolledAtPeriod,
              channel: toProtoEnum(EnrollmentChannel, 'ENROLLMENT_CHANNEL_', cmd.channel),
              insuranceOptIn: cmd.insuranceOptIn,
              replacement: plan.replacement,
              enrolledOn: today,
            },
            meta.correlationId,
          ),
        ]);
        return quota.id;
      },
    );
  });
  const quota = await getQuota(deps.db, quotaId);
  if (!quota) throw new NotFoundError('quota', quotaId);
  return quota;
}
