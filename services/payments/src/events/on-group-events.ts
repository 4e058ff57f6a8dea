import { acceptNewerVersion, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import {
  GroupCancelled,
  GroupClosed,
  GroupConstituted,
  GroupCreated,
  GroupDissolved,
  GroupLastAssemblyHeld,
  GroupPublished,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { upfrontFeeRecognisedEntry } from '../domain';
import { fillGroupCode, getGroup, setCreditValue, setGroupStatus, upsertGroup } from '../db/groups-repo';
import { accountBalance, postJournal } from '../db/journal-repo';
import { scheduleBilling } from '../app/billing-run';
import { SCHEMA } from '../app/deps';
import { cancelRecordInstallments } from '../app/cancel-installments';
import { groupFromParameters } from './group-projection';

/** The credit value of the group's creation holds from the beginning of its time line (credit owns later changes). */
const BEGINNING = '-infinity';

/** Group events may arrive out of order after retries: only a newer one than the last applied takes effect. */
const newerGroupEvent = (ctx: EventContext) =>
  acceptNewerVersion(ctx.trx, SCHEMA, 'payments.group', ctx.meta.aggregateId, ctx.meta.aggregateVersion);

const correlationOf = (ctx: EventContext) => ctx.meta.correlationId ?? ctx.meta.eventId;

/** groups.group.created / published: the projection of the group's money parameters and C_1. */
export const onGroupCreated: EventHandler = async (ctx) => {
  const e = GroupCreated.decode(ctx.body);
  // Only `created` carries the code: arriving after `published` (which then projected the group without it), it
  // is older and changes nothing else, but the code still belongs in the projection (report titles show it).
  if (!(await project(ctx, e.groupId, e.code, 'DRAFT', e.parameters))) await fillGroupCode(ctx.trx, e.groupId, e.code);
};

export const onGroupPublished: EventHandler = async (ctx) => {
  const e = GroupPublished.decode(ctx.body);
  const known = await getGroup(ctx.trx, e.groupId);
  await project(ctx, e.groupId, known?.code ?? '', 'FORMING', e.parameters);
};

async function project(
  ctx: EventContext,
  id: string,
  code: string,
  status: string,
  parameters: Parameters<typeof groupFromParameters>[3],
): Promise<boolean> {
  const g = groupFromParameters(id, code, status, parameters);
  if (!(await newerGroupEvent(ctx))) return false;
  await upsertGroup(ctx.trx, g);
  await setCreditValue(ctx.trx, id, BEGINNING, g.creditValue);
  return true;
}

/**
 * groups.group.constituted: the group is ACTIVE; the upfront fees held as advances become revenue (E1), and the
 * billing calendar starts (a durable reminder for period 2's billing date).
 */
export const onGroupConstituted: EventHandler = async (ctx) => {
  const e = GroupConstituted.decode(ctx.body);
  if (!(await newerGroupEvent(ctx))) return;
  await setGroupStatus(ctx.trx, e.groupId, 'ACTIVE', { constitutedOn: e.constitutedOn });
  const group = await getGroup(ctx.trx, e.groupId);
  if (!group) return;
  await scheduleBilling(ctx.trx, group, 2);
  const advances = await accountBalance(ctx.trx, {
    book: 'ADMINISTRATOR',
    groupKey: group.id,
    account: 'ADMIN_FEE_ADVANCES',
  });
  if (advances > 0n)
    await postJournal(
      ctx.trx,
      [
        {
          entry: upfrontFeeRecognisedEntry(advances),
          groupId: group.id,
          cause: ctx.meta.eventId,
          businessDate: e.constitutedOn,
        },
      ],
      correlationOf(ctx),
    );
};

/**
 * groups.group.cancelled: nothing more is owed — every open installment is cancelled (the E11 lines take them out of
 * the receivables; P-11) and announced. Refunds of what was paid are P-06 (open).
 */
export const onGroupCancelled: EventHandler = async (ctx) => {
  const e = GroupCancelled.decode(ctx.body);
  if (!(await newerGroupEvent(ctx))) return;
  await setGroupStatus(ctx.trx, e.groupId, 'CANCELLED');
  const quotas = (await ctx.trx('payments.quotas').where({ group_id: e.groupId }).orderBy('id')) as {
    id: string;
    group_id: string;
    number: number;
    version: number;
  }[];
  for (const q of quotas) {
    await cancelRecordInstallments(
      ctx.trx,
      { id: q.id, groupId: q.group_id, number: q.number, version: q.version },
      {
        reason: `group cancelled: ${e.reason}`,
        on: e.cancelledOn,
        correlationId: correlationOf(ctx),
        cause: ctx.meta.eventId,
      },
    );
  }
};

export const onGroupWindingUp: EventHandler = async (ctx) => {
  const groupId =
    ctx.meta.eventType === 'groups.group.dissolved'
      ? GroupDissolved.decode(ctx.body).groupId
      : GroupLastAssemblyHeld.decode(ctx.body).groupId;
  if (!(await newerGroupEvent(ctx))) return;
  await setGroupStatus(ctx.trx, groupId, 'WINDING_UP');
};

export const onGroupClosed: EventHandler = async (ctx) => {
  const e = GroupClosed.decode(ctx.body);
  if (!(await newerGroupEvent(ctx))) return;
  await setGroupStatus(ctx.trx, e.groupId, 'CLOSED', { closedOn: e.closedOn });
};
