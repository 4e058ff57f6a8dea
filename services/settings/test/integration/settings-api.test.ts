import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { SettingChanged } from '@consorcio/shared/gen/consorcio/events/v1/settings_events';
import { ChangeStatus, type SettingValue } from '@consorcio/shared/gen/consorcio/settings/v1/settings';
import {
  SettingsServiceClient,
  type SettingsServiceServer,
} from '@consorcio/shared/gen/consorcio/settings/v1/settings_service';
import { createClient, promiseClient } from '@consorcio/shared/grpc';
import { eventually } from '@consorcio/shared/harness';
import { SETTING_KEYS, SETTINGS_SERVICE_NAME } from '@consorcio/shared/settings';
import { startSettingsHarness, type SettingsHarness } from './harness';

const FINE = 'groups.plan_defaults.late_fine_pct';
const SMS = 'notifications.sms.enabled';
const int = (value: bigint): SettingValue => ({ kind: { $case: 'intValue', value } });
const bool = (value: boolean): SettingValue => ({ kind: { $case: 'boolValue', value } });

async function refusal(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as ServiceError;
  }
  assert.fail('expected the call to be refused');
}

describe('settings service API', function () {
  this.timeout(30_000);
  let h: SettingsHarness;
  before(async () => {
    h = await startSettingsHarness();
  });
  after(async () => h?.stop());

  it('lists every known setting at its default (version 0) to anyone signed in, services included', async () => {
    for (const roles of [['MEMBER'], ['SERVICE'], ['AUDITOR']] as const) {
      const { settings } = await h.as('reader', [...roles]).listSettings({});
      assert.deepEqual(
        settings.map((s) => s.key),
        SETTING_KEYS,
      );
    }
    const { setting } = await h.as('reader', ['MEMBER']).getSetting({ key: FINE });
    assert.deepEqual([setting?.value, setting?.version, setting?.affectsMoney], [int(20_000n), 0n, true]);
    assert.deepEqual([setting?.min, setting?.max], [0n, 20_000n]);
  });

  it('changes a flag at once, with one history row (who, when, old, new) and settings.setting.changed', async () => {
    const before = h.published.length;
    const r = await h.as('op-a').changeSetting({ key: SMS, value: bool(false), reason: 'SMS provider suspended' });
    assert.deepEqual([r.setting?.value, r.setting?.version, r.setting?.updatedBy], [bool(false), 1n, 'op-a']);
    const { changes } = await h.as('reader', ['AUDITOR']).getHistory({ key: SMS });
    assert.equal(changes.length, 1);
    const row = changes[0]!;
    assert.equal(row.status, ChangeStatus.CHANGE_STATUS_APPLIED);
    assert.deepEqual([row.version, row.oldValue, row.newValue], [1n, bool(true), bool(false)]);
    assert.deepEqual([row.proposedBy, row.confirmedBy, row.reason], ['op-a', '', 'SMS provider suspended']);
    assert.deepEqual(row.proposedAt, h.clock.now());
    await eventually(() => h.published.length > before);
    const msg = h.published[before]!;
    assert.equal(msg.fields.routingKey, 'settings.setting.changed');
    const event = SettingChanged.decode(msg.content);
    assert.deepEqual(
      [event.key, event.version, event.oldValue, event.newValue, event.proposedBy, event.affectsMoney],
      [SMS, 1n, 'true', 'false', 'op-a', false],
    );
  });

  it('refuses changes by members, auditors and services, and anonymous reads', async () => {
    for (const roles of [['MEMBER'], ['AUDITOR'], ['SERVICE']] as const) {
      const err = await refusal(h.as('x', [...roles]).changeSetting({ key: SMS, value: bool(false), reason: '' }));
      assert.equal(err.code, status.PERMISSION_DENIED);
    }
    const client = createClient(SettingsServiceClient, SETTINGS_SERVICE_NAME, h.service.grpc.address);
    const anonymous = promiseClient<SettingsServiceServer>(client);
    assert.equal((await refusal(anonymous.listSettings({}))).code, status.UNAUTHENTICATED);
    client.close();
  });

  it('shows changes (who, why) only to staff, auditors and services; a member reads current values only', async () => {
    const { change } = await h.as('op-a').proposeChange({ key: FINE, value: int(12_000n), reason: 'AGE 01/2027' });
    const member = h.as('m', ['MEMBER']);
    const denied = [
      member.getChange({ changeId: change!.changeId }),
      member.listChanges({ key: '', status: ChangeStatus.CHANGE_STATUS_PENDING }),
      member.getHistory({ key: SMS }),
    ];
    for (const call of denied) {
      const err = await refusal(call);
      assert.equal(err.code, status.PERMISSION_DENIED, err.details);
    }
    for (const roles of [['ADMIN'], ['OPERATOR'], ['AUDITOR'], ['SERVICE']] as const) {
      const reader = h.as('reader', [...roles]);
      assert.equal((await reader.getChange({ changeId: change!.changeId })).change?.proposedBy, 'op-a');
      const pending = await reader.listChanges({ key: FINE, status: ChangeStatus.CHANGE_STATUS_PENDING });
      assert.ok(pending.changes.some((c) => c.changeId === change!.changeId));
      assert.ok((await reader.getHistory({ key: SMS })).changes.length >= 1);
    }
    assert.ok((await member.getSetting({ key: SMS })).setting);
    assert.ok((await member.listSettings({})).settings.length > 0);
    await h.as('op-a').rejectChange({ changeId: change!.changeId, reason: 'test proposal only' });
  });

  it('refuses a direct change of a money setting: it needs maker-checker', async () => {
    const err = await refusal(h.as('op-a').changeSetting({ key: FINE, value: int(15_000n), reason: '' }));
    assert.equal(err.code, status.FAILED_PRECONDITION);
    assert.match(err.details, /maker_checker_required: groups\.plan_defaults\.late_fine_pct affects money/);
  });

  it('refuses unknown keys, values out of bounds and values of another type, naming key and rule', async () => {
    const unknown = await refusal(h.as('op-a').proposeChange({ key: 'groups.fine', value: int(1n), reason: '' }));
    assert.equal(unknown.code, status.INVALID_ARGUMENT);
    assert.match(unknown.details, /key: unknown setting "groups\.fine"/);
    const tooHigh = await refusal(h.as('op-a').proposeChange({ key: FINE, value: int(25_000n), reason: '' }));
    assert.equal(tooHigh.code, status.INVALID_ARGUMENT);
    assert.match(tooHigh.details, /value: groups\.plan_defaults\.late_fine_pct must be an integer between 0/);
    const wrongType = await refusal(h.as('op-a').changeSetting({ key: SMS, value: int(1n), reason: '' }));
    assert.match(wrongType.details, /value: notifications\.sms\.enabled must be true or false/);
    const missing = await refusal(h.as('op-a').changeSetting({ key: SMS, reason: '' }));
    assert.match(missing.details, /value: is required/);
  });

  it('applies a money change only when a second operator confirms it; the maker cannot', async () => {
    const { change } = await h.as('op-a').proposeChange({ key: FINE, value: int(15_000n), reason: 'AGE 12/2026' });
    assert.equal(change?.status, ChangeStatus.CHANGE_STATUS_PENDING);
    const own = await refusal(h.as('op-a').confirmChange({ changeId: change.changeId }));
    assert.equal(own.code, status.FAILED_PRECONDITION);
    assert.match(own.details, /^maker_checker: the operator who proposed a change cannot confirm it/);
    assert.equal((await h.as('r', ['MEMBER']).getSetting({ key: FINE })).setting?.version, 0n);

    h.clock.advanceMs(60_000);
    const r = await h.as('op-b', ['ADMIN']).confirmChange({ changeId: change.changeId });
    assert.deepEqual([r.setting?.value, r.setting?.version, r.setting?.updatedBy], [int(15_000n), 1n, 'op-b']);
    const again = await h.as('op-b').confirmChange({ changeId: change.changeId });
    assert.equal(again.change?.version, 1n);

    const [row] = (await h.as('r', ['AUDITOR']).getHistory({ key: FINE })).changes;
    assert.deepEqual(
      [row?.oldValue, row?.newValue, row?.proposedBy, row?.confirmedBy],
      [int(20_000n), int(15_000n), 'op-a', 'op-b'],
    );
    assert.equal(row!.confirmedAt!.getTime() - row!.proposedAt!.getTime(), 60_000);
  });

  it('supersedes the other proposals of a key when one applies: a stale proposal cannot be confirmed', async () => {
    const key = 'groups.plan_defaults.late_interest_monthly_pct';
    const first = (await h.as('op-a').proposeChange({ key, value: int(9_000n), reason: '' })).change!;
    const second = (await h.as('op-c').proposeChange({ key, value: int(8_000n), reason: '' })).change!;
    await h.as('op-b').confirmChange({ changeId: second.changeId });
    const stale = await refusal(h.as('op-b').confirmChange({ changeId: first.changeId }));
    assert.match(stale.details, /^stale_proposal: /);
    const { change } = await h.as('op-b').getChange({ changeId: first.changeId });
    assert.equal(change?.status, ChangeStatus.CHANGE_STATUS_SUPERSEDED);
  });

  it('rejects a pending change with a reason; a rejected change cannot be confirmed', async () => {
    const key = 'documents.upload.max_bytes';
    const { change } = await h.as('op-a').proposeChange({ key, value: int(2_048n), reason: 'smaller uploads' });
    const noReason = await refusal(h.as('op-b').rejectChange({ changeId: change!.changeId, reason: ' ' }));
    assert.equal(noReason.code, status.INVALID_ARGUMENT);
    const r = await h.as('op-b').rejectChange({ changeId: change!.changeId, reason: 'too small for scans' });
    assert.deepEqual([r.change?.status, r.change?.rejectedBy], [ChangeStatus.CHANGE_STATUS_REJECTED, 'op-b']);
    const err = await refusal(h.as('op-c').confirmChange({ changeId: change!.changeId }));
    assert.match(err.details, /^change_rejected/);
    const pending = await h.as('op-b').listChanges({ key: '', status: ChangeStatus.CHANGE_STATUS_PENDING });
    assert.equal(pending.changes.length, 0);
  });

  it('applies a change made against an expected version only while the setting is at it', async () => {
    const key = 'notifications.due_soon_days';
    await h.as('op-a').changeSetting({ key, value: int(5n), reason: '', expectedVersion: 0n });
    const err = await refusal(h.as('op-a').changeSetting({ key, value: int(7n), reason: '', expectedVersion: 0n }));
    assert.match(err.details, /^version_mismatch: notifications\.due_soon_days is at version 1, not 0/);
  });
});
