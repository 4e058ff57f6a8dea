import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { QuotaContemplated, ResultPublished } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { onContemplated, recordAssemblyHeld } from '../domain';
import { lockGroup, saveGroupState } from '../db/groups-repo';
import { updateQuota } from '../db/quotas-repo';
import { SCHEMA } from '../app/deps';
import { outgoing } from './outgoing';
import { loadReferencedQuota } from './quota-status-change';

/** draws.quota.contemplated: the record is CONTEMPLATED (groups owns every quota status). */
export const onQuotaContemplated: EventHandler = async ({ trx, body }) => {
  const event = QuotaContemplated.decode(body);
  const quota = await loadReferencedQuota(trx, event.quota);
  if (!quota || quota.status === 'CONTEMPLATED') return;
  await updateQuota(trx, { ...quota, status: onContemplated(quota.status) });
};

/**
 * draws.assembly.result_published: one more assembly held; the result of period T makes it the last one, and the
 * group winds up (`groups.group.last_assembly_held`, §14).
 */
export const onResultPublished: EventHandler = async ({ trx, meta, body }) => {
  const event = ResultPublished.decode(body);
  const group = await lockGroup(trx, event.groupId);
  if (!group) return;
  const heldOn = event.minutes?.assemblyDate ?? '';
  const next = recordAssemblyHeld(group.state, { period: event.period, heldOn });
  if (next === group.state) return;
  const saved = await saveGroupState(trx, group.id, next);
  if (next.status === 'WINDING_UP')
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.group.last_assembly_held',
        saved.id,
        { groupId: saved.id, assemblyId: event.assemblyId, heldOn },
        meta.correlationId ?? meta.eventId,
      ),
    ]);
};
