import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { MemberErased, MemberPersonalDataRead } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { MemberKind } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { demoParameters, enrollment, eventually, startHarness, type Harness } from './harness';
import { fullMember, secretsOf, storedText } from './fixtures/personal-data';
import { privateDatabase } from './private-database';

const denied = (code: status, text?: string) => (e: ServiceError) => {
  assert.equal(e.code, code, e.message);
  if (text) assert.ok(e.message.includes(text), e.message);
  return true;
};

describe('LGPD: a member’s data export and erasure', () => {
  let h: Harness;
  let database: Awaited<ReturnType<typeof privateDatabase>>;
  let groupId: string;
  const published = (key: string) => h.published.filter((m) => m.fields.routingKey === key);

  before(async () => {
    database = await privateDatabase('groups_lgpd');
    h = await startHarness('test', undefined, { databaseUrl: database.url });
    const { group } = await h.api.createGroup({ code: 'G-LGPD', parameters: demoParameters() });
    groupId = group!.groupId;
    await h.api.publishGroup({ groupId });
  });
  after(async () => {
    await h?.stop();
    await database?.drop();
  });

  const create = async (n: number) => (await h.api.createMember(fullMember(n))).member!.memberId;

  it('exports everything stored about the member, unmasked, with their quotas, to themselves or an admin', async () => {
    const memberId = await create(21);
    const { quota } = await h.api.enrollQuota(enrollment(groupId, memberId));
    const asSelf = await h.as(['MEMBER'], memberId);
    const r = await h.api.exportMemberData({ memberId }, asSelf);
    const request = fullMember(21);
    assert.equal(r.member!.document, request.document);
    assert.equal(r.member!.name, request.name);
    assert.equal(r.member!.email, request.email);
    assert.equal(r.member!.phone, request.phone);
    assert.deepEqual(r.member!.address, request.address);
    assert.deepEqual(r.member!.bankAccount, request.bankAccount);
    assert.equal(r.member!.kind, MemberKind.MEMBER_KIND_PERSON);
    assert.deepEqual(
      r.quotas.map((q) => [q.quotaId, q.groupId, q.display]),
      [[quota!.quotaId, groupId, quota!.display]],
    );
    assert.ok(r.exportedAt instanceof Date);
    await assert.rejects(
      h.api.exportMemberData({ memberId }, await h.as(['OPERATOR'])),
      denied(status.PERMISSION_DENIED),
    );
    await assert.rejects(
      h.api.exportMemberData({ memberId }, await h.as(['MEMBER'], await create(22))),
      denied(status.PERMISSION_DENIED),
    );
    await h.api.exportMemberData({ memberId }, await h.as(['ADMIN']));
    // Each export is an LGPD access record, with ids and the purpose only.
    await eventually(() => published('groups.member.personal_data_read').length >= 2);
    const reads = published('groups.member.personal_data_read').map((m) => MemberPersonalDataRead.decode(m.content));
    assert.ok(reads.every((e) => e.memberId === memberId && e.purpose === 'lgpd_data_export'));
  });

  it('refuses to erase while the member holds a quota in a group that has not ended (legal_retention)', async () => {
    const memberId = await create(23);
    await h.api.enrollQuota(enrollment(groupId, memberId));
    const admin = await h.as(['ADMIN']);
    await assert.rejects(h.api.eraseMember({ memberId }, admin), denied(status.FAILED_PRECONDITION, 'legal_retention'));
    assert.equal((await h.api.getMember({ memberId, purpose: 't' })).member!.name, fullMember(23).name);
  });

  it('refuses to erase a former holder while the record they passed on is in a group that has not ended', async () => {
    const [from, to] = [await create(31), await create(32)];
    const { quota } = await h.api.enrollQuota(enrollment(groupId, from));
    // Whoever writes the record (a transfer, here straight in the table), the holders' history keeps `from`.
    await h.db('groups.quotas').where({ id: quota!.quotaId }).update({ member_id: to });
    const holders: { member_id: string }[] = await h
      .db('groups.quota_holders')
      .where({ quota_id: quota!.quotaId })
      .select('member_id');
    assert.deepEqual(holders.map((r) => r.member_id).sort(), [from, to].sort());
    const admin = await h.as(['ADMIN']);
    await assert.rejects(
      h.api.eraseMember({ memberId: from }, admin),
      denied(status.FAILED_PRECONDITION, 'legal_retention'),
    );
  });

  it('erases a member without quotas: nothing personal left in the row, the CPF may enrol again', async () => {
    const memberId = await create(24);
    await assert.rejects(h.api.eraseMember({ memberId }, await h.as(['OPERATOR'])), denied(status.PERMISSION_DENIED));
    const admin = await h.as(['ADMIN']);
    const { member } = await h.api.eraseMember({ memberId }, admin);
    assert.ok(member!.erasedAt instanceof Date);
    assert.equal(member!.name, '');
    assert.equal(member!.documentMasked, '');
    assert.equal(member!.address, undefined);

    const row: Record<string, unknown> = await h.db('groups.members').where({ id: memberId }).first();
    for (const c of ['document_index', 'document_enc', 'name_enc', 'email_enc', 'phone_enc', 'address_enc'])
      assert.equal(row[c], null, c);
    assert.equal(row.bank_account_enc, null);
    assert.equal(row.pii_key_id, null);
    assert.ok(row.erased_at instanceof Date);

    const again = await h.api.eraseMember({ memberId }, admin);
    assert.deepEqual(again.member!.erasedAt, member!.erasedAt, 'erasing twice changes nothing');
    await eventually(() => published('groups.member.erased').length === 1);
    const event = MemberErased.decode(published('groups.member.erased')[0]!.content);
    assert.equal(event.memberId, memberId);
    assert.equal(event.erasedOn, '2025-03-10');
    assert.ok(event.erasedByUserId !== '' && event.erasedByUserId !== 'anonymous');

    const got = (await h.api.getMember({ memberId, purpose: 't' })).member!;
    assert.equal(got.email, '');
    assert.ok(got.erasedAt instanceof Date);
    const reborn = (await h.api.createMember(fullMember(24))).member!;
    assert.notEqual(reborn.memberId, memberId);
  });

  it('erases a member whose group closed over 5 years ago; the quota, its id and its holder id stay', async () => {
    const { group } = await h.api.createGroup({ code: 'G-OLD', parameters: demoParameters() });
    const oldGroup = group!.groupId;
    await h.api.publishGroup({ groupId: oldGroup });
    const memberId = await create(25);
    const { quota } = await h.api.enrollQuota(enrollment(oldGroup, memberId));
    const admin = await h.as(['ADMIN']);
    // Closed two years ago: still kept, and the answer says until when.
    await h.db('groups.groups').where({ id: oldGroup }).update({ status: 'CLOSED', closed_on: '2023-02-01' });
    await assert.rejects(h.api.eraseMember({ memberId }, admin), denied(status.FAILED_PRECONDITION, '2028-02-01'));
    await h.db('groups.groups').where({ id: oldGroup }).update({ closed_on: '2019-06-30' });
    await h.api.eraseMember({ memberId }, admin);

    const kept = (await h.api.getQuota({ quotaId: quota!.quotaId })).quota!;
    assert.equal(kept.memberId, memberId);
    assert.equal(kept.display, quota!.display);
    const exported = await h.api.exportMemberData({ memberId }, admin);
    assert.equal(exported.member!.document, '');
    assert.deepEqual(
      exported.quotas.map((q) => q.quotaId),
      [quota!.quotaId],
    );
    await assert.rejects(
      h.api.enrollQuota(enrollment(groupId, memberId)),
      denied(status.FAILED_PRECONDITION, 'member_erased'),
    );
  });

  it('leaves no personal value of an erased member in the table or the outbox', async () => {
    const text = await storedText(h);
    for (const n of [25]) for (const secret of secretsOf(fullMember(n))) assert.ok(!text.includes(secret), secret);
  });
});
