import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import * as amqp from 'amqplib';
import { newId } from '@consorcio/shared/ids';
import {
  GroupCreated,
  MemberPersonalDataRead,
  QuotaEnrolled,
  QuotaExcluded,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import {
  InstallmentPaid,
  QuotaCurrent,
  QuotaDelinquent,
} from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import {
  EnrollmentChannel,
  GroupStatus,
  MemberKind,
  QuotaStatus,
  type Quota,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { demoParameters, enrollment, eventually, startHarness, testCpf, type Harness } from './harness';

describe('groups service over gRPC', () => {
  let h: Harness;
  let groupId: string;
  const members: string[] = [];

  before(async () => {
    h = await startHarness();
    for (let i = 1; i <= 4; i++) {
      const { member } = await h.api.createMember({
        kind: MemberKind.MEMBER_KIND_PERSON,
        document: testCpf(i),
        name: `Membro ${i}`,
        email: `membro${i}@example.com`,
        phone: '11987654321',
        spouseMemberId: '',
      });
      members.push(member!.memberId);
    }
  });
  after(() => h.stop());

  const published = (key: string) => h.published.filter((m) => m.fields.routingKey === key);

  /** Publishes an event as payments would, with the headers the bus expects (versions grow per call). */
  let version = 0;
  async function publishAsPayments(
    routingKey: string,
    aggregateId: string,
    type: string,
    body: Uint8Array,
    eventId = newId(),
    aggregateVersion = ++version,
  ) {
    const conn = await amqp.connect(h.amqpUrl);
    const ch = await conn.createConfirmChannel();
    ch.publish(h.exchange, routingKey, Buffer.from(body), {
      persistent: true,
      messageId: eventId,
      type,
      headers: {
        event_id: eventId,
        event_type: routingKey,
        aggregate_id: aggregateId,
        aggregate_version: aggregateVersion,
        occurred_at: new Date().toISOString(),
        correlation_id: newId(),
      },
    });
    await ch.waitForConfirms();
    await conn.close();
    return eventId;
  }

  const quotaState = async (quotaId: string): Promise<Quota> => (await h.api.getQuota({ quotaId })).quota!;

  it('creates a group in DRAFT and emits groups.group.created exactly once through the relay', async () => {
    const { group } = await h.api.createGroup({ code: 'G-DEMO', parameters: demoParameters() });
    groupId = group!.groupId;
    assert.equal(group!.status, GroupStatus.GROUP_STATUS_DRAFT);
    assert.equal(group!.parameters!.lateFinePct, 20_000n, 'defaults are filled in');
    assert.equal(group!.currentCreditValueCentavos, 6_000_000n);
    await eventually(() => published('groups.group.created').length === 1);
    await new Promise((r) => setTimeout(r, 500));
    const created = published('groups.group.created');
    assert.equal(created.length, 1, 'published once, not more');
    const msg = created[0]!;
    const headers = msg.properties.headers!;
    assert.equal(headers.event_type, 'groups.group.created');
    assert.equal(headers.aggregate_id, groupId);
    assert.equal(Number(headers.aggregate_version), 1);
    assert.equal(msg.properties.type, 'consorcio.events.v1.GroupCreated');
    const event = GroupCreated.decode(msg.content);
    assert.equal(event.code, 'G-DEMO');
    assert.equal(event.parameters!.creditValueCentavos, 6_000_000n);
  });

  it('refuses a second group with the same code with ALREADY_EXISTS', async () => {
    await assert.rejects(h.api.createGroup({ code: 'G-DEMO', parameters: demoParameters() }), (e: ServiceError) => {
      assert.equal(e.code, status.ALREADY_EXISTS);
      return true;
    });
  });

  it('publishes a group once: FORMING with a formation deadline 90 days on; a retry changes nothing', async () => {
    const { group } = await h.api.publishGroup({ groupId });
    assert.equal(group!.status, GroupStatus.GROUP_STATUS_FORMING);
    assert.equal(group!.publishedOn, '2025-03-10');
    assert.equal(group!.formationDeadline, '2025-06-08');
    await h.api.publishGroup({ groupId });
    await eventually(() => published('groups.group.published').length === 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(published('groups.group.published').length, 1);
  });

  let firstQuota: Quota;
  it('enrolls a member into the lowest free seat as ENROLLED, displayed with its version', async () => {
    const { quota } = await h.api.enrollQuota(
      enrollment(groupId, members[0]!, { insuranceOptIn: true, idempotencyKey: 'enroll-0001' }),
    );
    firstQuota = quota!;
    assert.equal(quota!.number, 1);
    assert.equal(quota!.version, 1);
    assert.equal(quota!.display, '001-1');
    assert.equal(quota!.status, QuotaStatus.QUOTA_STATUS_ENROLLED);
    assert.equal(quota!.enrolledAtPeriod, 1);
  });

  it('answers a retried enrollment with the first result and refuses the key for another request', async () => {
    const again = await h.api.enrollQuota(
      enrollment(groupId, members[0]!, { insuranceOptIn: true, idempotencyKey: 'enroll-0001' }),
    );
    assert.equal(again.quota!.quotaId, firstQuota.quotaId);
    await assert.rejects(
      h.api.enrollQuota(enrollment(groupId, members[1]!, { idempotencyKey: 'enroll-0001' })),
      (e: ServiceError) => e.code === status.FAILED_PRECONDITION && /idempotency_key_reused/.test(e.details),
    );
    await eventually(() => published('groups.quota.enrolled').length === 1);
  });

  it('refuses a seat that is already taken, naming the rule', async () => {
    await assert.rejects(
      h.api.enrollQuota(enrollment(groupId, members[1]!, { number: 1 })),
      (e: ServiceError) => e.code === status.FAILED_PRECONDITION && /seat_taken/.test(e.details),
    );
  });

  it('activates the record when payments reports installment 1 paid, once even if the event is redelivered', async () => {
    const body = InstallmentPaid.encode({
      quota: { groupId, quotaId: firstQuota.quotaId, number: 1, version: 1 },
      period: 1,
      amountCentavos: 103_071n,
      paidOn: '2025-03-10',
      lateFineCentavos: 0n,
      lateInterestCentavos: 0n,
      groupShareCentavos: 0n,
      adminShareCentavos: 0n,
      idempotencyKey: 'bank-1',
      onTime: true,
      firstInstallment: true,
      lastInstallment: false,
    }).finish();
    const eventId = await publishAsPayments(
      'payments.installment.paid',
      firstQuota.quotaId,
      'consorcio.events.v1.InstallmentPaid',
      body,
    );
    await publishAsPayments(
      'payments.installment.paid',
      firstQuota.quotaId,
      'consorcio.events.v1.InstallmentPaid',
      body,
      eventId,
    );
    await eventually(async () => (await quotaState(firstQuota.quotaId)).status === QuotaStatus.QUOTA_STATUS_ACTIVE);
    await eventually(() => published('groups.quota.activated').length === 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(published('groups.quota.activated').length, 1, 'the redelivered event changed nothing');
    const inbox = await h.db('groups.inbox').where({ event_id: eventId });
    assert.equal(inbox.length, 1);
  });

  it('transfers an ACTIVE quota to another member, charging 0.25 % of C and dropping the insurance', async () => {
    const r = await h.api.transferQuota({
      quotaId: firstQuota.quotaId,
      toMemberId: members[1]!,
      idempotencyKey: 'transfer-0001',
    });
    assert.equal(r.feeCentavos, 15_000n);
    assert.equal(r.quota!.memberId, members[1]);
    assert.equal(r.quota!.insuranceOptIn, false);
    assert.equal(r.quota!.status, QuotaStatus.QUOTA_STATUS_ACTIVE, 'a transfer is an event, not a status');
    await eventually(() => published('groups.quota.transferred').length === 1);
  });

  it('marks a record DELINQUENT, back to ACTIVE when current, and excludes it at the threshold', async () => {
    const ref = { groupId, quotaId: firstQuota.quotaId, number: 1, version: 1 };
    const delinquent = (overdueCount: number, evaluatedOn: string) =>
      QuotaDelinquent.encode({
        quota: ref,
        overdueCount,
        overduePeriods: [],
        oldestEffectiveDue: '2025-04-07',
        evaluatedOn,
      }).finish();
    await publishAsPayments(
      'payments.quota.delinquent',
      ref.quotaId,
      'consorcio.events.v1.QuotaDelinquent',
      delinquent(1, '2025-04-08'),
    );
    await eventually(async () => (await quotaState(ref.quotaId)).status === QuotaStatus.QUOTA_STATUS_DELINQUENT);
    await publishAsPayments(
      'payments.quota.current',
      ref.quotaId,
      'consorcio.events.v1.QuotaCurrent',
      QuotaCurrent.encode({ quota: ref, evaluatedOn: '2025-05-12' }).finish(),
    );
    await eventually(async () => (await quotaState(ref.quotaId)).status === QuotaStatus.QUOTA_STATUS_ACTIVE);
    // A late, older "delinquent" (a retry coming back after the "current") changes nothing.
    const stale = await publishAsPayments(
      'payments.quota.delinquent',
      ref.quotaId,
      'consorcio.events.v1.QuotaDelinquent',
      delinquent(3, '2025-05-01'),
      newId(),
      1,
    );
    await eventually(async () => (await h.db('groups.inbox').where({ event_id: stale })).length === 1);
    assert.equal((await quotaState(ref.quotaId)).status, QuotaStatus.QUOTA_STATUS_ACTIVE);
    await publishAsPayments(
      'payments.quota.delinquent',
      ref.quotaId,
      'consorcio.events.v1.QuotaDelinquent',
      delinquent(3, '2025-07-08'),
    );
    await eventually(async () => (await quotaState(ref.quotaId)).status === QuotaStatus.QUOTA_STATUS_EXCLUDED);
    const excluded = await quotaState(ref.quotaId);
    assert.equal(excluded.excludedOn, '2025-07-08');
    await eventually(() => published('groups.quota.excluded').length === 1);
    const event = QuotaExcluded.decode(published('groups.quota.excluded')[0]!.content);
    assert.equal(event.nextVersion!.version, 2, 'the seat reopens as version 2');
  });

  it('resells the excluded seat as a replacement quota (version 2)', async () => {
    const { quota } = await h.api.enrollQuota(enrollment(groupId, members[2]!, { number: 1 }));
    assert.equal(quota!.display, '001-2');
    assert.equal(quota!.status, QuotaStatus.QUOTA_STATUS_ENROLLED);
    await eventually(() => published('groups.quota.enrolled').length === 2);
    const event = QuotaEnrolled.decode(published('groups.quota.enrolled')[1]!.content);
    assert.equal(event.replacement, true);
  });

  it('cancels an online enrollment within 7 days (cooling-off) and reopens the seat', async () => {
    const { quota } = await h.api.enrollQuota(
      enrollment(groupId, members[3]!, { number: 7, channel: EnrollmentChannel.ENROLLMENT_CHANNEL_ONLINE }),
    );
    h.clock.advanceDays(6);
    const r = await h.api.cancelEnrollment({ quotaId: quota!.quotaId });
    assert.equal(r.quota!.status, QuotaStatus.QUOTA_STATUS_WITHDRAWN);
    assert.equal(r.nextVersion!.display, '007-2');
    assert.equal(r.nextVersion!.status, QuotaStatus.QUOTA_STATUS_AVAILABLE);
  });

  it('excludes a record at its member request (voluntary withdrawal)', async () => {
    const { quota } = await h.api.enrollQuota(enrollment(groupId, members[3]!, { number: 9 }));
    const r = await h.api.requestWithdrawal({ quotaId: quota!.quotaId });
    assert.equal(r.quota!.status, QuotaStatus.QUOTA_STATUS_EXCLUDED);
    assert.equal(r.nextVersion!.display, '009-2');
  });

  it('lists quotas by number and version in pages', async () => {
    const first = await h.api.listQuotas({ groupId, page: { pageSize: 2, pageToken: '' }, status: 0, memberId: '' });
    assert.deepEqual(
      first.quotas.map((q) => q.display),
      ['001-1', '001-2'],
    );
    const second = await h.api.listQuotas({
      groupId,
      page: { pageSize: 2, pageToken: first.page!.nextPageToken },
      status: 0,
      memberId: '',
    });
    assert.deepEqual(
      second.quotas.map((q) => q.display),
      ['007-1', '007-2'],
    );
    const all = await h.api.listQuotas({ groupId, page: { pageSize: 50, pageToken: '' }, status: 0, memberId: '' });
    assert.equal(all.page!.nextPageToken, '', 'the last page has no token');
  });

  it('lists groups by status', async () => {
    const forming = await h.api.listGroups({ page: undefined, status: GroupStatus.GROUP_STATUS_FORMING });
    assert.deepEqual(
      forming.groups.map((g) => g.code),
      ['G-DEMO'],
    );
    const draft = await h.api.listGroups({ page: undefined, status: GroupStatus.GROUP_STATUS_DRAFT });
    assert.equal(draft.groups.length, 0);
  });

  it('returns a member with the document masked and records the read for the audit log', async () => {
    const { member } = await h.api.getMember({ memberId: members[0]!, purpose: 'support_call' });
    assert.ok(!member!.documentMasked.includes(testCpf(1)));
    assert.match(member!.documentMasked, /^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
    await eventually(() => published('groups.member.personal_data_read').length === 1);
    const read = MemberPersonalDataRead.decode(published('groups.member.personal_data_read')[0]!.content);
    assert.equal(read.purpose, 'support_call');
  });

  it('refuses a read purpose that is not a code, naming purpose and without repeating it', async () => {
    for (const purpose of ['', 'support call', 'Suporte', 'call from 529.982.247-25', 'a'.repeat(41)]) {
      await assert.rejects(h.api.getMember({ memberId: members[0]!, purpose }), (e: ServiceError) => {
        assert.equal(e.code, status.INVALID_ARGUMENT);
        assert.match(e.details, /^purpose: must be a code of 1\.\.40 lowercase letters, digits or underscores/);
        assert.ok(purpose === '' || !e.details.includes(purpose));
        return true;
      });
    }
    const { member } = await h.api.getMember({ memberId: members[0]!, purpose: `lgpd_${'x'.repeat(35)}` });
    assert.equal(member!.memberId, members[0]);
    await eventually(() => published('groups.member.personal_data_read').length === 2); // the refused reads are not recorded
  });

  it("does not record a service's read for its own processing (a notification's address), only people's", async () => {
    const before = published('groups.member.personal_data_read').length;
    const asService = await h.as(['SERVICE']);
    const { member } = await h.api.getMember({ memberId: members[0]!, purpose: 'notification_delivery' }, asService);
    assert.equal(member!.memberId, members[0]);
    await h.api.getMember({ memberId: members[0]!, purpose: 'support_call' });
    await eventually(() => published('groups.member.personal_data_read').length === before + 1);
    const last = published('groups.member.personal_data_read').at(-1)!;
    assert.equal(MemberPersonalDataRead.decode(last.content).purpose, 'support_call');
  });
});
