import { appendToOutbox, type OutboxEventInput } from '@consorcio/shared/bus';
import { AlreadyExistsError, NotFoundError, ValidationError, type FieldViolation } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import {
  cancelGroup,
  closeGroup,
  constituteGroup,
  createGroupState,
  dissolveGroup,
  publishGroup,
  recordClosingNotices,
  recordLastAssembly,
  resolveGroupParams,
  validateGroupCode,
  type GroupParamsInput,
  type GroupState,
  type PlanDefaults,
} from '../domain';
import type { Settings } from '@consorcio/shared/settings';
import { findGroupByCode, insertGroup, lockGroup, saveGroupState, type GroupRecord } from '../db/groups-repo';
import { outgoing } from '../events/outgoing';
import { paramsToProto } from '../grpc/mappers';
import type { Knex } from 'knex';
import { SCHEMA, type CommandMeta, type GroupsDeps } from './deps';
import { scheduleFormationDeadline } from './formation-deadline';
import { viewOf, type GroupView } from './group-view';
import { requireDate, requireId } from '@consorcio/shared/input';

/** The plan defaults in force now (the settings service's, followed without a restart). */
function planDefaultsOf(settings: Settings | undefined): PlanDefaults {
  if (!settings) return {};
  return {
    lateFinePct: settings.pct('groups.plan_defaults.late_fine_pct'),
    lateInterestMonthlyPct: settings.pct('groups.plan_defaults.late_interest_monthly_pct'),
  };
}

/** Validates code and parameters together, so one answer names every bad field. */
function validateNewGroup(
  code: string,
  input: GroupParamsInput,
  planDefaults: PlanDefaults,
): ReturnType<typeof resolveGroupParams> {
  const violations: FieldViolation[] = [];
  const collect = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ValidationError) violations.push(...err.violations);
      else throw err;
    }
  };
  let params: ReturnType<typeof resolveGroupParams> | undefined;
  collect(() => validateGroupCode(code));
  collect(() => {
    params = resolveGroupParams(input, planDefaults);
  });
  ValidationError.throwIfAny(violations);
  return params!;
}

/** CreateGroup: a DRAFT group with its parameters resolved (defaults filled in) and `groups.group.created`. */
export async function createGroupCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { code: string; params: GroupParamsInput },
): Promise<GroupView> {
  const params = validateNewGroup(cmd.code, cmd.params, planDefaultsOf(deps.settings));
  return deps.db.transaction(async (trx) => {
    if (await findGroupByCode(trx, cmd.code)) throw new AlreadyExistsError('group', cmd.code);
    const id = newId();
    const record = await insertGroup(trx, id, cmd.code, createGroupState(params));
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.group.created',
        id,
        { groupId: id, code: cmd.code, parameters: paramsToProto(params) },
        meta.correlationId,
      ),
    ]);
    return viewOf(trx, record);
  });
}

interface Transition {
  /** True when the request was already applied: a retry answers the current group and emits nothing. */
  done(state: GroupState): boolean;
  apply(state: GroupState, today: string): GroupState;
  event(record: GroupRecord, today: string): OutboxEventInput;
  /** More work in the same transaction (e.g. scheduling a timer). */
  also?(trx: Knex.Transaction, record: GroupRecord): Promise<void>;
  cancelReason?: string;
}

/** Runs one lifecycle transition under the group's row lock, with its event in the same transaction. */
async function transition(deps: GroupsDeps, groupId: string, t: Transition): Promise<GroupView> {
  requireId('group_id', groupId);
  return deps.db.transaction(async (trx) => {
    const current = await lockGroup(trx, groupId);
    if (!current) throw new NotFoundError('group', groupId);
    if (t.done(current.state)) return viewOf(trx, current);
    const today = deps.clock.today();
    const saved = await saveGroupState(trx, groupId, t.apply(current.state, today), {
      ...(t.cancelReason !== undefined ? { cancelReason: t.cancelReason } : {}),
    });
    await appendToOutbox(trx, SCHEMA, [t.event(saved, today)]);
    await t.also?.(trx, saved);
    return viewOf(trx, saved);
  });
}

export function publishGroupCommand(deps: GroupsDeps, meta: CommandMeta, groupId: string): Promise<GroupView> {
  return transition(deps, groupId, {
    done: (s) => s.publishedOn !== null,
    apply: (s, today) => publishGroup(s, today),
    also: scheduleFormationDeadline,
    event: (r) =>
      outgoing(
        'groups.group.published',
        r.id,
        {
          groupId: r.id,
          publishedOn: r.state.publishedOn ?? '',
          formationDeadline: r.state.formationDeadline ?? '',
          parameters: paramsToProto(r.state.params),
        },
        meta.correlationId,
      ),
  });
}

export function constituteGroupCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; assemblyId: string; commonFund: bigint; reserveFund: bigint },
): Promise<GroupView> {
  requireId('assembly_id', cmd.assemblyId);
  if (cmd.commonFund < 0n) throw new ValidationError('common_fund_centavos', 'must not be negative');
  if (cmd.reserveFund < 0n) throw new ValidationError('reserve_fund_centavos', 'must not be negative');
  return transition(deps, cmd.groupId, {
    done: (s) => s.constitutedOn !== null,
    apply: (s, today) => constituteGroup(s, { today, commonFund: cmd.commonFund, reserveFund: cmd.reserveFund }),
    event: (r) =>
      outgoing(
        'groups.group.constituted',
        r.id,
        {
          groupId: r.id,
          constitutedOn: r.state.constitutedOn ?? '',
          assemblyId: cmd.assemblyId,
          commonFundCentavos: cmd.commonFund,
          reserveFundCentavos: cmd.reserveFund,
        },
        meta.correlationId,
      ),
  });
}

export function cancelGroupCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; reason: string },
): Promise<GroupView> {
  const reason = cmd.reason.trim();
  if (reason.length < 3 || reason.length > 500) throw new ValidationError('reason', 'must be 3..500 characters');
  return transition(deps, cmd.groupId, {
    done: (s) => s.status === 'CANCELLED',
    apply: (s, today) => cancelGroup(s, { today }),
    event: (r, today) =>
      outgoing('groups.group.cancelled', r.id, { groupId: r.id, cancelledOn: today, reason }, meta.correlationId),
    cancelReason: reason,
  });
}

export function recordLastAssemblyCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; assemblyId: string; heldOn: string },
): Promise<GroupView> {
  requireId('assembly_id', cmd.assemblyId);
  requireDate('held_on', cmd.heldOn);
  return transition(deps, cmd.groupId, {
    done: (s) => s.lastAssemblyOn !== null && !s.dissolved,
    apply: (s) => recordLastAssembly(s, { heldOn: cmd.heldOn }),
    event: (r) =>
      outgoing(
        'groups.group.last_assembly_held',
        r.id,
        { groupId: r.id, assemblyId: cmd.assemblyId, heldOn: cmd.heldOn },
        meta.correlationId,
      ),
  });
}

export function dissolveGroupCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; ageReference: string; votedOn: string },
): Promise<GroupView> {
  if (cmd.ageReference.trim() === '') throw new ValidationError('age_reference', 'is required');
  requireDate('voted_on', cmd.votedOn);
  return transition(deps, cmd.groupId, {
    done: (s) => s.dissolved,
    apply: (s) => dissolveGroup(s, { votedOn: cmd.votedOn }),
    event: (r) =>
      outgoing(
        'groups.group.dissolved',
        r.id,
        { groupId: r.id, ageReference: cmd.ageReference, votedOn: cmd.votedOn },
        meta.correlationId,
      ),
  });
}

export function recordClosingNoticesCommand(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; sentOn: string },
): Promise<GroupView> {
  requireDate('sent_on', cmd.sentOn);
  return transition(deps, cmd.groupId, {
    done: (s) => s.closingNoticesSentOn === cmd.sentOn,
    apply: (s) => recordClosingNotices(s, { sentOn: cmd.sentOn }),
    event: (r) =>
      outgoing(
        'groups.group.closing_notices_recorded',
        r.id,
        { groupId: r.id, sentOn: cmd.sentOn },
        meta.correlationId,
      ),
  });
}

export function closeGroupCommand(deps: GroupsDeps, meta: CommandMeta, groupId: string): Promise<GroupView> {
  return transition(deps, groupId, {
    done: (s) => s.status === 'CLOSED',
    apply: (s, today) => closeGroup(s, { today }),
    event: (r, today) => outgoing('groups.group.closed', r.id, { groupId: r.id, closedOn: today }, meta.correlationId),
  });
}
