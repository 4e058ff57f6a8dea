import { appendToOutbox } from '@consorcio/shared/bus';
import { onceByKey } from '@consorcio/shared/db';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { checkConcentrationCap, checkTransfer, OCCUPYING_STATUSES, transferFee } from '../domain';
import { getMember, linkedMemberIds } from '../db/members-repo';
import { countRecords, getQuota, updateQuota, type StoredQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { quotaRef } from '../grpc/mappers';
import { SCHEMA, type CommandMeta, type GroupsDeps } from './deps';
import { optionalIdempotencyKey, requireId } from '@consorcio/shared/input';
import { lockQuotaAndGroup } from './seats';

export interface TransferResult {
  quota: StoredQuota;
  fee: bigint;
}

/**
 * Transfer of a quota's rights (domain §3.4; an event, not a status, D-09): the record keeps its
 * status and history, only its member changes; the transferee pays the fee, respects the 10 % cap
 * and must re-contract the insurance.
 */
export async function transferQuota(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { quotaId: string; toMemberId: string; idempotencyKey?: string },
): Promise<TransferResult> {
  requireId('quota_id', cmd.quotaId);
  requireId('to_member_id', cmd.toMemberId);
  const key = optionalIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const outcome = await deps.db.transaction(async (trx) => {
    const { quota, group } = await lockQuotaAndGroup(trx, cmd.quotaId);
    return onceByKey(
      trx,
      {
        schema: SCHEMA,
        key,
        scope: meta.userId ?? '',
        operation: 'TransferQuota',
        request: { quotaId: cmd.quotaId, toMemberId: cmd.toMemberId },
        encode: (r: { fee: bigint }) => Buffer.from(r.fee.toString()),
        decode: (b: Uint8Array) => ({ fee: BigInt(Buffer.from(b).toString()) }),
      },
      async () => {
        checkTransfer(quota);
        if (quota.memberId === cmd.toMemberId)
          throw new ValidationError('to_member_id', 'must differ from the current member');
        const to = await getMember(trx, cmd.toMemberId);
        if (!to) throw new NotFoundError('member', cmd.toMemberId);
        if (to.erasedAt) throw new RuleViolation('member_erased', `member ${to.id} was erased (LGPD)`);
        const params = group.state.params;
        checkConcentrationCap({
          groupStatus: group.state.status,
          maxQuotas: params.maxQuotas,
          heldAfter: (await countRecords(trx, group.id, OCCUPYING_STATUSES, await linkedMemberIds(trx, to.id))) + 1,
          activeAfter: await countRecords(trx, group.id, OCCUPYING_STATUSES),
          maxSharePct: params.maxQuotaSharePerMemberPct,
        });
        const fee = transferFee({ params, creditValueNow: group.state.creditValueNow, status: quota.status });
        const moved = await updateQuota(trx, { ...quota, memberId: to.id, insuranceOptIn: false });
        await appendToOutbox(trx, SCHEMA, [
          outgoing(
            'groups.quota.transferred',
            moved.id,
            {
              quota: quotaRef(moved),
              fromMemberId: quota.memberId ?? '',
              toMemberId: to.id,
              feeCentavos: fee,
              contemplated: ['CONTEMPLATED', 'CONTEMPLATED_DELINQUENT', 'SETTLED'].includes(quota.status),
              transferredOn: deps.clock.today(),
            },
            meta.correlationId,
          ),
        ]);
        return { fee };
      },
    );
  });
  const quota = await getQuota(deps.db, cmd.quotaId);
  if (!quota) throw new NotFoundError('quota', cmd.quotaId);
  return { quota, fee: outcome.fee };
}
