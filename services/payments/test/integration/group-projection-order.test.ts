import assert from 'node:assert/strict';
import { GroupCreated, GroupPublished } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { publishedGroup, startPaymentsHarness, type PaymentsHarness } from './harness';

describe("payments' group projection with events out of order (integration)", () => {
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(() => h?.stop());

  it('keeps the code of a group whose created event arrives after its published one', async () => {
    // Real parameters, from a group groups made; the events below are for a new group id.
    const source = (await h.groupsApi.getGroup({ groupId: await publishedGroup(h) })).group!;
    const groupId = newId();
    const code = 'G-LATE-CREATED';
    await h.emit(
      'groups.group.published',
      'consorcio.events.v1.GroupPublished',
      GroupPublished.encode({
        groupId,
        publishedOn: '2025-01-10',
        formationDeadline: '2025-04-10',
        parameters: source.parameters!,
      }).finish(),
      groupId,
      2,
    );
    await eventually(async () => (await h.db('payments.groups').where({ id: groupId })).length === 1);
    await h.emit(
      'groups.group.created',
      'consorcio.events.v1.GroupCreated',
      GroupCreated.encode({ groupId, code, parameters: source.parameters! }).finish(),
      groupId,
      1,
    );
    await eventually(async () => (await h.db('payments.groups').where({ id: groupId, code })).length === 1);
    const row: { status: string } = await h.db('payments.groups').where({ id: groupId }).first('status');
    assert.equal(row.status, 'FORMING', 'the older event changes nothing else');
  });
});
