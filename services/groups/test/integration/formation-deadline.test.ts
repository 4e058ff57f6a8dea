import assert from 'node:assert/strict';
import { newId } from '@consorcio/shared/ids';
import { GroupStatus } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { demoParameters, eventually, startHarness, type Harness } from './harness';

describe('groups formation deadline (durable reminder)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('cancels a group still FORMING after its deadline, once, and leaves a constituted one alone', async () => {
    const params = demoParameters({ formationDeadlineDays: 10 });
    const late = (await h.api.createGroup({ code: 'G-LATE', parameters: params })).group!;
    const ready = (await h.api.createGroup({ code: 'G-READY', parameters: params })).group!;
    await h.api.publishGroup({ groupId: late.groupId });
    await h.api.publishGroup({ groupId: ready.groupId });
    await h.api.constituteGroup({
      groupId: ready.groupId,
      assemblyId: newId(),
      commonFundCentavos: 6_000_000n,
      reserveFundCentavos: 0n,
    });

    h.clock.advanceDays(10); // the deadline day itself: still in time
    assert.equal(await h.service.reminders.fireDue(), 0);
    h.clock.advanceDays(1);
    await h.service.reminders.fireDue();
    await h.service.reminders.fireDue(); // nothing left to fire twice

    assert.equal((await h.api.getGroup({ groupId: late.groupId })).group!.status, GroupStatus.GROUP_STATUS_CANCELLED);
    assert.equal((await h.api.getGroup({ groupId: ready.groupId })).group!.status, GroupStatus.GROUP_STATUS_ACTIVE);
    await eventually(() => h.published.some((m) => m.fields.routingKey === 'groups.group.cancelled'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.published.filter((m) => m.fields.routingKey === 'groups.group.cancelled').length, 1);
  });
});
