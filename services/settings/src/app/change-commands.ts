import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import {
  encodeSettingValue,
  requireSettingKey,
  specOf,
  type AnySettingValue,
  type SettingKey,
} from '@consorcio/shared/settings';
import {
  findChange,
  insertChange,
  lockKey,
  markApplied,
  markRejected,
  saveValue,
  storedValue,
  supersedePending,
  type ChangeRecord,
} from '../db/settings-repo';
import {
  checkConfirmation,
  checkDiffers,
  checkDirectChange,
  checkExpectedVersion,
  checkReason,
  checkRejection,
} from '../domain/maker-checker';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type SettingsDeps } from './deps';
import { viewOf, type SettingView } from './setting-view';

/** The outcome of a change that applied: the setting as it is now and the history row. */
export interface Applied {
  setting: SettingView;
  change: ChangeRecord;
}

function requireUser(meta: CommandMeta): string {
  if (!meta.userId) throw new ValidationError('user', 'an identified operator must make the change');
  return meta.userId;
}

/** The request's key and value, checked against the catalogue; the value's JSON text. */
function parseChange(key: string, value: AnySettingValue | undefined): { key: SettingKey; text: string } {
  const k = requireSettingKey(key);
  if (value === undefined) throw new ValidationError('value', 'is required');
  return { key: k, text: encodeSettingValue(k, value) };
}

/**
 * Puts `change` in force as the key's next version, under the key's lock: the value row, the history row, the
 * other pending proposals of the key superseded, and `settings.setting.changed`, all in the caller's transaction.
 */
async function apply(
  trx: Knex.Transaction,
  meta: CommandMeta,
  change: ChangeRecord,
  confirmation: { by: string; at: Date } | null,
): Promise<Applied> {
  const key = requireSettingKey(change.key);
  const current = viewOf(key, await storedValue(trx, key));
  const version = current.version + 1n;
  const stored = {
    key,
    value: change.newValue,
    version,
    changeId: change.id,
    updatedAt: confirmation?.at ?? change.proposedAt,
    updatedBy: confirmation?.by ?? change.proposedBy,
  };
  await saveValue(trx, stored);
  const applied: ChangeRecord = {
    ...change,
    status: 'APPLIED',
    version,
    oldValue: current.text,
    confirmedBy: confirmation?.by ?? null,
    confirmedAt: confirmation?.at ?? null,
  };
  await markApplied(trx, change.id, {
    version,
    oldValue: current.text,
    confirmedBy: applied.confirmedBy,
    confirmedAt: applied.confirmedAt,
  });
  await supersedePending(trx, key, change.id);
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'settings.setting.changed',
      key,
      {
        key,
        version,
        changeId: change.id,
        oldValue: current.text,
        newValue: change.newValue,
        proposedBy: change.proposedBy,
        confirmedBy: confirmation?.by ?? '',
        affectsMoney: specOf(key).affectsMoney,
      },
      meta.correlationId,
    ),
  ]);
  return { setting: viewOf(key, stored), change: applied };
}

/** ChangeSetting: a setting that does not affect money changes at once, leaving one history row. */
export async function changeSetting(
  deps: SettingsDeps,
  meta: CommandMeta,
  cmd: { key: string; value: AnySettingValue | undefined; reason: string; expectedVersion?: bigint | undefined },
): Promise<Applied> {
  const user = requireUser(meta);
  const { key, text } = parseChange(cmd.key, cmd.value);
  const reason = checkReason(cmd.reason);
  checkDirectChange(key);
  return deps.db.transaction(async (trx) => {
    await lockKey(trx, key);
    const current = viewOf(key, await storedValue(trx, key));
    checkExpectedVersion(key, current.version, cmd.expectedVersion);
    checkDiffers(key, current.text, text);
    const change = newChange(key, current, text, user, deps.clock.now(), reason);
    await insertChange(trx, change);
    return apply(trx, meta, change, null);
  });
}

function newChange(
  key: string,
  current: SettingView,
  text: string,
  user: string,
  at: Date,
  reason: string,
): ChangeRecord {
  return {
    id: newId(),
    key,
    status: 'PENDING',
    baseVersion: current.version,
    version: null,
    oldValue: current.text,
    newValue: text,
    proposedBy: user,
    proposedAt: at,
    confirmedBy: null,
    confirmedAt: null,
    rejectedBy: null,
    rejectedAt: null,
    reason,
    rejectReason: '',
  };
}

/** ProposeChange (the maker): a pending change of any setting, against its version now. */
export async function proposeChange(
  deps: SettingsDeps,
  meta: CommandMeta,
  cmd: { key: string; value: AnySettingValue | undefined; reason: string },
): Promise<ChangeRecord> {
  const user = requireUser(meta);
  const { key, text } = parseChange(cmd.key, cmd.value);
  const reason = checkReason(cmd.reason);
  return deps.db.transaction(async (trx) => {
    await lockKey(trx, key);
    const current = viewOf(key, await storedValue(trx, key));
    checkDiffers(key, current.text, text);
    const change = newChange(key, current, text, user, deps.clock.now(), reason);
    await insertChange(trx, change);
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'settings.change.proposed',
        key,
        { changeId: change.id, key, baseVersion: current.version, newValue: text, proposedBy: user, rejectedBy: '' },
        meta.correlationId,
      ),
    ]);
    return change;
  });
}

/** A change by id, locked, under its key's lock (taken first, as every writer of the key does). */
async function lockedChange(trx: Knex.Transaction, changeId: string): Promise<ChangeRecord> {
  requireId('change_id', changeId);
  const peek = await findChange(trx, changeId);
  if (!peek) throw new NotFoundError('setting change', changeId);
  await lockKey(trx, requireSettingKey(peek.key));
  return (await findChange(trx, changeId, true))!;
}

/** ConfirmChange (the checker): another operator applies a pending change, while the key is at its version. */
export async function confirmChange(deps: SettingsDeps, meta: CommandMeta, changeId: string): Promise<Applied> {
  const user = requireUser(meta);
  return deps.db.transaction(async (trx) => {
    const change = await lockedChange(trx, changeId);
    const key = requireSettingKey(change.key);
    const current = viewOf(key, await storedValue(trx, key));
    if (checkConfirmation(change, user, current.version) === 'done') return { setting: current, change };
    return apply(trx, meta, change, { by: user, at: deps.clock.now() });
  });
}

/** RejectChange: a pending change is dropped, with a reason (the proposer may withdraw their own). */
export async function rejectChange(
  deps: SettingsDeps,
  meta: CommandMeta,
  cmd: { changeId: string; reason: string },
): Promise<ChangeRecord> {
  const user = requireUser(meta);
  const reason = checkReason(cmd.reason);
  if (reason === '') throw new ValidationError('reason', 'must say why the change is rejected');
  return deps.db.transaction(async (trx) => {
    const change = await lockedChange(trx, cmd.changeId);
    if (checkRejection(change) === 'done') return change;
    const rejectedAt = deps.clock.now();
    await markRejected(trx, change.id, { rejectedBy: user, rejectedAt, reason });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'settings.change.rejected',
        change.key,
        {
          changeId: change.id,
          key: change.key,
          baseVersion: change.baseVersion,
          newValue: change.newValue,
          proposedBy: change.proposedBy,
          rejectedBy: user,
        },
        meta.correlationId,
      ),
    ]);
    return { ...change, status: 'REJECTED', rejectedBy: user, rejectedAt, rejectReason: reason };
  });
}
