import assert from 'node:assert/strict';
import { Metadata, status } from '@grpc/grpc-js';
import { ChargeMethod, ChargeStatus } from '@consorcio/shared/gen/consorcio/payments/v1/payments';
import { parseDigitableLine, parsePixPayload, signWebhook, WEBHOOK_SIGNATURE_HEADER } from '../../src/domain';
import { testProvider } from './harness';
import { enrollMembers, publishedGroup, startPaymentsHarness, PROVIDER, type PaymentsHarness } from './harness';

type GrpcError = { code: number; details: string };

describe('payments: provider charges and signed webhooks', function () {
  this.timeout(60_000);
  let h: PaymentsHarness;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(async () => h?.stop());

  const webhook = (body: Buffer, signature: string | undefined) => {
    const md = new Metadata();
    if (signature !== undefined) md.set(WEBHOOK_SIGNATURE_HEADER, signature);
    return h.api.receiveProviderWebhook(
      { provider: PROVIDER, body: { contentType: 'application/json', data: body, extensions: [] } },
      md,
    );
  };
  const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);
  const snapshot = async () => ({
    payments: (await h.db('payments.payments')).length,
    lines: (await h.db('payments.journal_lines')).length,
    receipts: (await h.db('payments.webhook_receipts')).length,
    paidCharges: (await h.db('payments.charges').where({ status: 'PAID' })).length,
  });

  it('issues a boleto whose barcode and digitable line carry the amount due and the due date', async () => {
    const groupId = await publishedGroup(h);
    const [quotaId] = await enrollMembers(h, groupId, 1);
    const { charge } = await h.api.issueCharge({
      quotaId: quotaId!,
      method: ChargeMethod.CHARGE_METHOD_BOLETO,
      dueOn: '',
    });
    const decoded = parseDigitableLine(charge!.digitableLine);
    assert.equal(decoded.barcode, charge!.barcode);
    assert.equal(decoded.amount, charge!.amountCentavos);
    assert.equal(decoded.bank, '001');
    assert.equal(charge!.dueOn, '2025-01-10');
    assert.equal(charge!.status, ChargeStatus.CHARGE_STATUS_ISSUED);
    const installment = await h.db('payments.installments').where({ quota_id: quotaId }).first();
    assert.equal(charge!.amountCentavos, BigInt(installment.billed_total));
  });

  it('settles a PIX charge by its signed webhook once, however often the provider retries it', async () => {
    const groupId = await publishedGroup(h);
    const [quotaId] = await enrollMembers(h, groupId, 1);
    const { charge } = await h.api.issueCharge({
      quotaId: quotaId!,
      method: ChargeMethod.CHARGE_METHOD_PIX,
      dueOn: '',
    });
    const pix = parsePixPayload(charge!.pixPayload);
    assert.equal(pix.amount, charge!.amountCentavos);
    assert.equal(pix.txid, charge!.txid);
    const notice = h.provider.signNotice(
      {
        transactionId: 'E00000000202501101500abcdef12345',
        txid: charge!.txid,
        amount: charge!.amountCentavos,
        paidOn: '2025-01-10',
      },
      nowSeconds(),
    );
    const first = await webhook(notice.body, notice.signature);
    assert.equal(first.duplicate, false);
    const again = await webhook(notice.body, notice.signature);
    assert.deepEqual(again, { duplicate: true, paymentId: first.paymentId });
    const payments = await h.db('payments.payments').where({ quota_id: quotaId });
    assert.equal(payments.length, 1);
    assert.equal(payments[0].source, PROVIDER);
    const stored = await h.db('payments.charges').where({ id: charge!.chargeId }).first();
    assert.equal(stored.status, 'PAID');
    assert.equal(stored.payment_id, first.paymentId);
  });

  it('refuses a notice with a bad, missing, stale or foreign signature and writes nothing', async () => {
    const groupId = await publishedGroup(h);
    const [quotaId] = await enrollMembers(h, groupId, 1);
    const { charge } = await h.api.issueCharge({
      quotaId: quotaId!,
      method: ChargeMethod.CHARGE_METHOD_PIX,
      dueOn: '',
    });
    const notice = h.provider.signNotice(
      {
        transactionId: 'E99999999202501101500abcdef99999',
        txid: charge!.txid,
        amount: charge!.amountCentavos,
        paidOn: '2025-01-10',
      },
      nowSeconds(),
    );
    const before = await snapshot();
    const tampered = Buffer.from(notice.body.toString().replace('"paid_on"', '"paid_on" '));
    const foreign = testProvider('another-secret-0123456789abcdef').signNotice(
      {
        transactionId: 'E99999999202501101500abcdef99999',
        txid: charge!.txid,
        amount: charge!.amountCentavos,
        paidOn: '2025-01-10',
      },
      nowSeconds(),
    );
    const attempts: [Buffer, string | undefined][] = [
      [tampered, notice.signature],
      [notice.body, undefined],
      [notice.body, signWebhook('test-webhook-secret-0123456789', notice.body, nowSeconds() - 3600)],
      [foreign.body, foreign.signature],
    ];
    for (const [body, signature] of attempts) {
      await assert.rejects(webhook(body, signature), (err: GrpcError) => {
        assert.equal(err.code, status.UNAUTHENTICATED);
        assert.match(err.details, /signature refused \((mismatch|missing|stale)\)/);
        return true;
      });
    }
    assert.deepEqual(await snapshot(), before);
    assert.equal((await h.db('payments.charges').where({ id: charge!.chargeId }).first()).status, 'ISSUED');
  });
});
