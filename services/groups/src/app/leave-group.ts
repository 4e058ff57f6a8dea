import { appendToOutbox } from '@consorcio/shared/bus';
import { checkCoolingOff, checkWithdrawal } from '../domain';
import { currentRecordForSeat, updateQuota, type StoredQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { quotaRef } from '../grpc/mappers';
import { excludeRecord } from './exclude-record';
import { SCHEMA, type CommandMeta, type GroupsDeps } from './deps';
import { requireId } from '@consorcio/shared/input';
import { lockQuotaAndGroup, reopenSeat } from './seats';

/** A record that left the group and the seat's new AVAILABLE version. */
export interface LeftGroup {
  quota: StoredQuota;
  nextVersion: StoredQuota | null;
}

/**
 * Cooling-off cancellation (CDC art. 49, domain §3.2 step 5): an off-premises enrollment cancelled
 * within 7 days and before any assembly → WITHDRAWN (terminal, full refund by payments), seat reopened.
 */
export async function cancelEnrollment(deps: GroupsDeps, meta: CommandMeta, quotaId: string): Promise<LeftGroup> {
  requireId('quota_id', quotaId);
  return deps.db.transaction(async (trx) => {
    const { quota, group } = await lockQuotaAndGroup(trx, quotaId);
    if (quota.status === 'WITHDRAWN') {
      return { quota, nextVersion: await currentRecordForSeat(trx, quota.groupId, quota.number) };
    }
    const today = deps.clock.today();
    checkCoolingOff({ quota, today, assembliesHeldNow: group.state.assembliesHeld });
    const withdrawn = await updateQuota(trx, { ...quota, status: 'WITHDRAWN' });
    const next = await reopenSeat(trx, withdrawn);
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.quota.withdrawn',
        withdrawn.id,
        { quota: quotaRef(withdrawn), coolingOff: true, withdrawnOn: today, nextVersion: quotaRef(next) },
        meta.correlationId,
      ),
    ]);
    return { quota: withdrawn, nextVersion: next };
  });
}

/**
 * Voluntary exclusion (domain §3.5): a non-contemplated record leaves at its member's request,
 * effective today; payments cancels its open installments and draws lists it for refund draws.
 */
export async function requestWithdrawal(deps: GroupsDeps, meta: CommandMeta, quotaId: string): Promise<LeftGroup> {
  requireId('quota_id', quotaId);
  return deps.db.transaction(async (trx) => {
    const { quota } = await lockQuotaAndGroup(trx, quotaId);
    if (quota.status === 'EXCLUDED' && quota.exclusionReason === 'VOLUNTARY') {
      return { quota, nextVersion: await currentRecordForSeat(trx, quota.groupId, quota.number) };
    }
    checkWithdrawal(quota);
    const { excluded, next } = await excludeRecord(trx, quota, {
      reason: 'VOLUNTARY',
      effectiveOn: deps.clock.today(),
      overduePeriods: [],
      correlationId: meta.correlationId,
    });
    return { quota: excluded, nextVersion: next };
  });
}
