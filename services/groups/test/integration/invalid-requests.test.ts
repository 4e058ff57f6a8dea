import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { newId } from '@consorcio/shared/ids';
import { EnrollmentChannel, MemberKind } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { demoParameters, enrollment, startHarness, testCpf, type Harness } from './harness';

/** Rows in every table a request could write to: an invalid request must leave all of them unchanged. */
async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of ['groups', 'members', 'quotas', 'outbox', 'idempotency_keys']) {
    const [row] = await h.db(`groups.${t}`).count<{ count: bigint }[]>('* as count');
    counts[t] = Number(row!.count);
  }
  return counts;
}

describe('groups service refuses invalid requests and writes nothing', () => {
  let h: Harness;
  let memberId: string;
  let smallGroupId: string;

  before(async () => {
    h = await startHarness();
    memberId = (
      await h.api.createMember({
        kind: MemberKind.MEMBER_KIND_PERSON,
        document: testCpf(11),
        name: 'Maria Silva',
        email: '',
        phone: '',
        spouseMemberId: '',
      })
    ).member!.memberId;
    // A group of 2 seats whose cap lets one member hold both (100 %), filled up.
    const { group } = await h.api.createGroup({
      code: 'G-SMALL',
      parameters: demoParameters({ maxQuotas: 2, maxQuotaSharePerMemberPct: 1_000_000n }),
    });
    smallGroupId = group!.groupId;
    await h.api.publishGroup({ groupId: smallGroupId });
    for (let i = 0; i < 2; i++) {
      await h.api.enrollQuota(enrollment(smallGroupId, memberId));
    }
  });
  after(() => h.stop());

  async function refused(request: () => Promise<unknown>, code: status, ...patterns: RegExp[]): Promise<void> {
    const before = await rowCounts(h);
    await assert.rejects(request(), (e: ServiceError) => {
      assert.equal(e.code, code, `expected ${status[code]}, got ${status[e.code]}: ${e.details}`);
      for (const pattern of patterns) assert.match(e.details, pattern);
      return true;
    });
    assert.deepEqual(await rowCounts(h), before, 'nothing was written');
  }

  it('refuses a member with an invalid CPF with INVALID_ARGUMENT naming the document', () =>
    refused(
      () =>
        h.api.createMember({
          kind: MemberKind.MEMBER_KIND_PERSON,
          document: '529.982.247-24',
          name: 'João',
          email: '',
          phone: '',
          spouseMemberId: '',
        }),
      status.INVALID_ARGUMENT,
      /document: .*CPF/,
    ));

  it('refuses a group with a negative credit value with INVALID_ARGUMENT naming the field', () =>
    refused(
      () => h.api.createGroup({ code: 'G-NEG', parameters: demoParameters({ creditValueCentavos: -1n }) }),
      status.INVALID_ARGUMENT,
      /parameters\.credit_value_centavos/,
    ));

  it('names every bad field of a group at once', () =>
    refused(
      () =>
        h.api.createGroup({
          code: 'bad code!',
          parameters: demoParameters({ termMonths: 3, lateFinePct: 30_000n }),
        }),
      status.INVALID_ARGUMENT,
      /code: /,
      /parameters\.term_months: /,
      /parameters\.late_fine_pct: /,
    ));

  it('answers NOT_FOUND for an unknown group', () =>
    refused(() => h.api.getGroup({ groupId: newId() }), status.NOT_FOUND, /group .* not found/));

  it('answers NOT_FOUND when enrolling into an unknown group', () =>
    refused(
      () =>
        h.api.enrollQuota({
          groupId: newId(),
          memberId,
          number: 0,
          insuranceOptIn: false,
          channel: EnrollmentChannel.ENROLLMENT_CHANNEL_PREMISES,
          idempotencyKey: '',
        }),
      status.NOT_FOUND,
      /group/,
    ));

  it('answers INVALID_ARGUMENT for a malformed id', () =>
    refused(() => h.api.getGroup({ groupId: 'not-a-uuid' }), status.INVALID_ARGUMENT, /group_id: must be a UUID/));

  it('refuses enrolling into a full group with FAILED_PRECONDITION naming the rule', () =>
    refused(() => h.api.enrollQuota(enrollment(smallGroupId, memberId)), status.FAILED_PRECONDITION, /group_full/));

  it('refuses an enrollment without a channel, naming the field', () =>
    refused(
      () =>
        h.api.enrollQuota(
          enrollment(smallGroupId, memberId, { channel: EnrollmentChannel.ENROLLMENT_CHANNEL_UNSPECIFIED }),
        ),
      status.INVALID_ARGUMENT,
      /channel/,
    ));

  it('refuses to constitute a group whose funds do not cover the planned draw', () =>
    refused(
      () =>
        h.api.constituteGroup({
          groupId: smallGroupId,
          assemblyId: newId(),
          commonFundCentavos: 100_000n,
          reserveFundCentavos: 0n,
        }),
      status.FAILED_PRECONDITION,
      /constitution_funds/,
    ));

  it('refuses to close a group that is not winding up, naming its status', () =>
    refused(() => h.api.closeGroup({ groupId: smallGroupId }), status.FAILED_PRECONDITION, /FORMING/));
});
