import assert from 'node:assert/strict';
import { ContemplationType, QuotaContemplated } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { newId } from '@consorcio/shared/ids';
import { eventually } from '@consorcio/shared/harness';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

/** A contemplated member goes from letter to paid seller through the REST API. */
describe('REST through the gateway: from credit letter to a paid seller', function () {
  this.timeout(60_000);
  let p: Platform;
  after(() => p?.stop());

  it('lets the member request the usage, two operators analyse and approve it, and the seller be paid', async () => {
    p = await startPlatform();
    const admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    const operator = await p.userToken(['OPERATOR']);
    const g = await p.call('POST', '/v1/groups', {
      token: admin,
      body: {
        code: 'G-CREDIT',
        parameters: { ...DEMO_PARAMETERS, creditValueCentavos: '600000', termMonths: 6, maxQuotas: 10 },
      },
    });
    const groupId = g.body.group.groupId as string;
    await p.call('POST', `/v1/groups/${groupId}:publish`, { token: admin, body: {} });
    const m = await p.call('POST', '/v1/members', {
      token: admin,
      body: { kind: 'MEMBER_KIND_PERSON', document: '52998224725', name: 'Maria Contemplada' },
    });
    const memberId = m.body.member.memberId as string;
    const q = await p.call('POST', `/v1/groups/${groupId}/quotas`, {
      token: admin,
      body: { memberId, channel: 'ENROLLMENT_CHANNEL_PREMISES' },
    });
    const quota = q.body.quota;
    await eventually(async () => (await p.credit.deps.db('credit.quotas').where({ id: quota.quotaId })).length === 1);

    // draws' part, played here: the record is contemplated by draw at C = 600 000.
    const letterId = newId();
    p.emit(
      'draws.quota.contemplated',
      'consorcio.events.v1.QuotaContemplated',
      QuotaContemplated.encode({
        contemplationId: letterId,
        assemblyId: newId(),
        quota: { groupId, quotaId: quota.quotaId, number: quota.number, version: quota.version },
        type: ContemplationType.CONTEMPLATION_TYPE_DRAW,
        period: 2,
        creditValueCentavos: 600_000n,
        bidPct: 0n,
        embeddedPct: 0n,
        ownCentavos: 0n,
        netCostCentavos: 600_000n,
        reserveUsedCentavos: 0n,
        amortizationMode: 0,
      }).finish(),
      quota.quotaId,
    );
    const member = await p.userToken(['MEMBER'], memberId);
    let letters: { letters: { letterId: string; status: string; balanceCentavos: string }[] } = { letters: [] };
    await eventually(async () => {
      letters = (await p.call('GET', `/v1/members/${memberId}/letters`, { token: member })).body;
      return letters.letters.length === 1;
    });
    assert.deepEqual(letters.letters[0], {
      ...letters.letters[0],
      letterId,
      status: 'LETTER_STATUS_ISSUED',
      balanceCentavos: '600000',
    });

    // The proposal as a raw PDF body; its checksum is what the request names.
    const upload = await fetch(`${p.url}/v1/letters/${letterId}/documents/proposal.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.7 proposal'),
    });
    const uploaded = (await upload.json()) as { document: { name: string; sha256: string } };
    assert.equal(upload.status, 200, JSON.stringify(uploaded));
    const usage = await p.call('POST', `/v1/letters/${letterId}:request-usage`, {
      token: member,
      body: {
        assetDescription: 'Hatch 1.0 2025, 0 km',
        sellerName: 'Auto Center Ltda',
        sellerDocument: '11.222.333/0001-81',
        priceCentavos: '600000',
        documents: [uploaded.document],
      },
    });
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    const analysis = await p.call('POST', `/v1/letters/${letterId}/analysis`, {
      token: operator,
      body: {
        provenMonthlyIncomeCentavos: '1000000',
        nextInstallmentCentavos: '120400',
        outstandingBalanceCentavos: '480000',
        guaranteeAppraisedCentavos: '600000',
        guaranteeKind: 'FIDUCIARY_LIEN',
      },
    });
    assert.equal(analysis.status, 200, JSON.stringify(analysis.body));
    const self = await p.call('POST', `/v1/letters/${letterId}:approve`, { token: operator, body: {} });
    assert.equal(self.status, 400); // FAILED_PRECONDITION: the analyst cannot approve their own analysis
    const approve = await p.call('POST', `/v1/letters/${letterId}:approve`, { token: admin, body: {} });
    assert.equal(approve.body.letter.status, 'LETTER_STATUS_APPROVED');
    await p.call('POST', `/v1/letters/${letterId}:register-guarantee`, {
      token: operator,
      body: { registration: 'DETRAN-SP 123456' },
    });
    const paid = await p.call('POST', `/v1/letters/${letterId}/releases`, {
      token: operator,
      body: { kind: 'RELEASE_KIND_SELLER', amountCentavos: '600000', idempotencyKey: 'release-e2e-0001' },
    });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.letter.status, 'LETTER_STATUS_RELEASED');
    assert.equal(paid.body.letter.balanceCentavos, '0');
    await eventually(
      async () =>
        (await p.payments.deps.db('payments.journal_entries').where({ group_id: groupId, kind: 'E9' })).length === 1,
    );
  });
});
