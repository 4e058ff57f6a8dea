import assert from 'node:assert/strict';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

/** The money path through the REST API: installments, charges, a signed provider webhook, balances. */
describe('REST through the gateway: installments, charges and the provider webhook', function () {
  this.timeout(60_000);
  let p: Platform;
  let admin: string;
  let memberToken: string;
  let quotaId: string;
  let groupId: string;

  before(async () => {
    p = await startPlatform();
    admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    const g = await p.call('POST', '/v1/groups', {
      token: admin,
      body: { code: 'G-PAY', parameters: DEMO_PARAMETERS },
    });
    groupId = g.body.group.groupId;
    await p.call('POST', `/v1/groups/${groupId}:publish`, { token: admin, body: {} });
    const m = await p.call('POST', '/v1/members', {
      token: admin,
      body: { kind: 'MEMBER_KIND_PERSON', document: '52998224725', name: 'Maria Pagadora' },
    });
    const memberId = m.body.member.memberId as string;
    const q = await p.call('POST', `/v1/groups/${groupId}/quotas`, {
      token: admin,
      body: { memberId, channel: 'ENROLLMENT_CHANNEL_PREMISES', insuranceOptIn: true },
    });
    quotaId = q.body.quota.quotaId;
    memberToken = await p.userToken(['MEMBER'], memberId);
    for (let i = 0; i < 200; i++) {
      const r = await p.call('GET', `/v1/quotas/${quotaId}/installments`, { token: memberToken });
      if (r.status === 200 && r.body.installments.length === 1) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  });
  after(() => p?.stop());

  it('shows the member installment 1 of G-DEMO: R$ 1.030,71 (domain §4.3)', async () => {
    const r = await p.call('GET', `/v1/quotas/${quotaId}/installments`, { token: memberToken });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [i] = r.body.installments;
    assert.equal(i.status, 'INSTALLMENT_STATUS_OPEN');
    assert.deepEqual(i.percentages, { fcPct: '13888', afPct: '2500', frPct: '333' });
    assert.deepEqual(
      [
        i.billed.fcCentavos,
        i.billed.afCentavos,
        i.billed.frCentavos,
        i.billed.insuranceCentavos,
        i.billed.totalCentavos,
      ],
      ['83328', '15000', '1998', '2745', '103071'],
    );
    const s = await p.call('GET', `/v1/quotas/${quotaId}/statement`, { token: memberToken });
    assert.equal(s.status, 200);
    assert.equal(s.body.statement.installmentsTotal, 72);
    assert.equal(s.body.statement.outstandingCentavos, '7224000');
  });

  it('settles a PIX charge through the provider webhook: raw body and x-signature pass through the gateway', async () => {
    const c = await p.call('POST', `/v1/quotas/${quotaId}/charges`, {
      token: memberToken,
      body: { method: 'CHARGE_METHOD_PIX' },
    });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.charge.amountCentavos, '103071');
    assert.match(c.body.charge.pixPayload, /^000201/);
    const notice = p.provider.signNotice(
      {
        transactionId: 'E0000000020250310150000000000001',
        txid: c.body.charge.txid,
        amount: 103_071n,
        paidOn: '2025-03-10',
      },
      Math.floor(p.clock.now().getTime() / 1000),
    );
    const post = (signature: string) =>
      fetch(`${p.url}/v1/payment-providers/local-bank/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body: notice.body,
      });
    const bad = await post(notice.signature.replace(/v1=./, 'v1=0'));
    assert.equal(bad.status, 401);
    const ok = await post(notice.signature);
    const body = (await ok.json()) as { duplicate: boolean; paymentId: string };
    assert.equal(ok.status, 200, JSON.stringify(body));
    assert.equal(body.duplicate, false);
    const again = (await (await post(notice.signature)).json()) as { duplicate: boolean; paymentId: string };
    assert.deepEqual(again, { duplicate: true, paymentId: body.paymentId });
    const list = await p.call('GET', `/v1/quotas/${quotaId}/installments`, { token: memberToken });
    assert.equal(list.body.installments[0].status, 'INSTALLMENT_STATUS_PAID');
    const balances = await p.call('GET', `/v1/groups/${groupId}/fund-balances`, { token: admin });
    assert.equal(balances.status, 200);
    assert.equal(balances.body.balances.commonFundCentavos, '83328');
    assert.equal(balances.body.balances.reserveFundCentavos, '1998');
  });

  it('documents the webhook body as raw bytes in the OpenAPI document', async () => {
    const doc = await p.call('GET', '/openapi.json');
    const op = doc.body.paths['/v1/payment-providers/{provider}/webhooks'].post;
    assert.deepEqual(Object.keys(op.requestBody.content), ['*/*']);
  });
});
