import assert from 'node:assert/strict';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { MemberKind } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { demoParameters, enrollment, startHarness, testCpf, type Harness } from './harness';

const denied = (code: status) => (e: ServiceError) => {
  assert.equal(e.code, code, `expected ${status[code]}, got ${status[e.code]}: ${e.details}`);
  return true;
};

describe('groups authorizes every call itself', () => {
  let h: Harness;
  let groupId: string;
  let alice: string;
  let bob: string;
  let aliceQuota: string;
  let bobQuota: string;

  before(async () => {
    h = await startHarness();
    const member = async (n: number) =>
      (
        await h.api.createMember({
          kind: MemberKind.MEMBER_KIND_PERSON,
          document: testCpf(100 + n),
          name: `Membro ${n}`,
          email: '',
          phone: '',
          spouseMemberId: '',
        })
      ).member!.memberId;
    alice = await member(1);
    bob = await member(2);
    groupId = (await h.api.createGroup({ code: 'G-ACCESS', parameters: demoParameters() })).group!.groupId;
    await h.api.publishGroup({ groupId });
    aliceQuota = (await h.api.enrollQuota(enrollment(groupId, alice))).quota!.quotaId;
    bobQuota = (await h.api.enrollQuota(enrollment(groupId, bob))).quota!.quotaId;
  });
  after(() => h.stop());

  it('refuses a call without a token with UNAUTHENTICATED', async () => {
    const anonymous = new Metadata();
    anonymous.set('authorization', '');
    await assert.rejects(h.api.getGroup({ groupId }, anonymous), denied(status.UNAUTHENTICATED));
  });

  it('refuses a tampered token with UNAUTHENTICATED', async () => {
    const token = await h.token(['OPERATOR']);
    const [head, body, sig] = token.split('.');
    const forged = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    forged.roles = ['ADMIN'];
    const md = new Metadata();
    md.set('authorization', `Bearer ${head}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`);
    await assert.rejects(h.api.getGroup({ groupId }, md), denied(status.UNAUTHENTICATED));
  });

  it('lets a member read their own quota but not another member’s, even knowing its id', async () => {
    const asAlice = await h.as(['MEMBER'], alice);
    assert.equal((await h.api.getQuota({ quotaId: aliceQuota }, asAlice)).quota!.memberId, alice);
    await assert.rejects(h.api.getQuota({ quotaId: bobQuota }, asAlice), denied(status.PERMISSION_DENIED));
    await assert.rejects(h.api.getMember({ memberId: bob, purpose: '' }, asAlice), denied(status.PERMISSION_DENIED));
  });

  it('lets a member list only their own records', async () => {
    const asAlice = await h.as(['MEMBER'], alice);
    const own = await h.api.listQuotas({ groupId, page: undefined, status: 0, memberId: alice }, asAlice);
    assert.deepEqual(
      own.quotas.map((q) => q.quotaId),
      [aliceQuota],
    );
    await assert.rejects(
      h.api.listQuotas({ groupId, page: undefined, status: 0, memberId: '' }, asAlice),
      denied(status.PERMISSION_DENIED),
    );
  });

  it('lets a member enroll and withdraw only for themselves', async () => {
    const asAlice = await h.as(['MEMBER'], alice);
    await assert.rejects(h.api.enrollQuota(enrollment(groupId, bob), asAlice), denied(status.PERMISSION_DENIED));
    await assert.rejects(h.api.requestWithdrawal({ quotaId: bobQuota }, asAlice), denied(status.PERMISSION_DENIED));
    const own = (await h.api.enrollQuota(enrollment(groupId, alice), asAlice)).quota!;
    await h.api.requestWithdrawal({ quotaId: own.quotaId }, asAlice);
  });

  it('keeps group management to operators and admins', async () => {
    for (const roles of [['MEMBER'], ['AUDITOR'], ['SERVICE']] as const) {
      const md = await h.as([...roles], roles[0] === 'MEMBER' ? alice : undefined);
      await assert.rejects(
        h.api.createGroup({ code: `G-${roles[0]}`, parameters: demoParameters() }, md),
        denied(status.PERMISSION_DENIED),
      );
      await assert.rejects(
        h.api.transferQuota({ quotaId: aliceQuota, toMemberId: bob, idempotencyKey: '' }, md),
        denied(status.PERMISSION_DENIED),
      );
    }
    await h.api.createGroup({ code: 'G-ADMIN', parameters: demoParameters() }, await h.as(['ADMIN']));
  });

  it('lets auditors read and services report assembly facts', async () => {
    const auditor = await h.as(['AUDITOR']);
    await h.api.getGroup({ groupId }, auditor);
    await h.api.getMember({ memberId: alice, purpose: 'audit' }, auditor);
    await assert.rejects(h.api.publishGroup({ groupId }, auditor), denied(status.PERMISSION_DENIED));
    const draws = await h.as(['SERVICE']);
    await assert.rejects(
      h.api.constituteGroup(
        {
          groupId,
          assemblyId: '0190a1b2-0000-7000-8000-000000000000',
          commonFundCentavos: 1n,
          reserveFundCentavos: 0n,
        },
        draws,
      ),
      denied(status.FAILED_PRECONDITION), // allowed to call; refused by the funds rule
    );
  });
});
