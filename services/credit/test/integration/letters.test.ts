import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ContemplationType, QuotaContemplated } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { LetterStatus, ReleaseKind } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import { newId } from '@consorcio/shared/ids';
import { activeGroup, eventually } from '../../../payments/test/integration/harness';
import { startCreditHarness, type CreditHarness } from './harness';

type GrpcError = { code: status; details: string };
const refused = (code: status, pattern: RegExp) => (err: GrpcError) => {
  assert.equal(err.code, code, err.details);
  assert.match(err.details, pattern);
  return true;
};
const PROPOSAL = Buffer.from('%PDF-1.7 proposal of sale: Hatch 1.0 2025');

describe('credit: letters from contemplation to a paid seller', function () {
  this.timeout(120_000);
  let h: CreditHarness;
  let groupId: string;
  let quotas: string[];
  before(async () => {
    h = await startCreditHarness();
    ({ groupId, quotas } = await activeGroup(h));
    await eventually(async () => (await h.db('credit.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
  });
  after(async () => h?.stop());

  /** draws' contemplation of a record by draw (C = 600 000), delivered `times` times. */
  async function contemplate(quotaId: string, times = 1, inGroup?: string): Promise<string> {
    const group = inGroup ?? groupId;
    const q = await h.db('payments.quotas').where({ id: quotaId }).first();
    const contemplationId = newId();
    const body = QuotaContemplated.encode({
      contemplationId,
      assemblyId: newId(),
      quota: { groupId: group, quotaId, number: q.number, version: q.version },
      type: ContemplationType.CONTEMPLATION_TYPE_DRAW,
      period: 2,
      creditValueCentavos: 600_000n,
      bidPct: 0n,
      embeddedPct: 0n,
      ownCentavos: 0n,
      netCostCentavos: 600_000n,
      reserveUsedCentavos: 0n,
      amortizationMode: 0,
    }).finish();
    for (let i = 0; i < times; i++)
      await h.emit('draws.quota.contemplated', 'consorcio.events.v1.QuotaContemplated', body, quotaId);
    await eventually(async () => (await h.db('credit.letters').where({ id: contemplationId })).length === 1);
    return contemplationId;
  }

  /** Uploads the proposal for the letter as its member and answers the reference a usage request names. */
  async function proposal(letterId: string, member: string) {
    const { document } = await h.creditApi.uploadDocument(
      { letterId, name: 'proposal.pdf', body: { contentType: 'application/pdf', data: PROPOSAL, extensions: [] } },
      await h.tokens.as(['MEMBER'], member),
    );
    return document!;
  }

  async function approved(letterId: string): Promise<void> {
    const member = (await h.db('credit.letters').where({ id: letterId }).first()).member_id as string;
    const doc = await proposal(letterId, member);
    await h.creditApi.requestUsage(
      {
        letterId,
        assetDescription: 'Hatch 1.0 2025, 0 km',
        sellerName: 'Auto Center Ltda',
        sellerDocument: '11.222.333/0001-81',
        priceCentavos: 600_000n,
        documents: [doc],
      },
      await h.tokens.as(['MEMBER'], member),
    );
    await h.creditApi.recordAnalysis({
      letterId,
      provenMonthlyIncomeCentavos: 1_000_000n,
      nextInstallmentCentavos: 120_400n,
      outstandingBalanceCentavos: 480_000n,
      guaranteeAppraisedCentavos: 600_000n,
      guaranteeKind: 'FIDUCIARY_LIEN',
    });
    await h.creditApi.approveUsage({ letterId }, await h.tokens.as(['ADMIN']));
    await h.creditApi.registerGuarantee({ letterId, registration: 'DETRAN-SP 123456' });
  }

  it('issues one letter when the same contemplation event arrives twice', async () => {
    const letterId = await contemplate(quotas[0]!, 2);
    await new Promise((r) => setTimeout(r, 300));
    const letters = await h.db('credit.letters').where({ quota_id: quotas[0] });
    assert.equal(letters.length, 1);
    assert.equal(BigInt(letters[0].credit_amount), 600_000n);
    const { letter } = await h.creditApi.getLetter({ letterId });
    assert.equal(letter!.status, LetterStatus.LETTER_STATUS_ISSUED);
  });

  it('takes a letter to a paid seller: usage, analysis, approval by another operator, guarantee, release (E9)', async () => {
    const letterId = await contemplate(quotas[1]!);
    await approved(letterId);
    const { letter } = await h.creditApi.releaseCredit({
      letterId,
      kind: ReleaseKind.RELEASE_KIND_SELLER,
      amountCentavos: 600_000n,
      idempotencyKey: 'release-seller-01',
    });
    assert.equal(letter!.status, LetterStatus.LETTER_STATUS_RELEASED);
    assert.equal(letter!.balanceCentavos, 0n);
    await eventually(
      async () => (await h.db('payments.journal_entries').where({ group_id: groupId, kind: 'E9' })).length === 1,
    );
    const credits = await h
      .db('payments.journal_lines as l')
      .join('payments.journal_entries as e', 'e.id', 'l.entry_id')
      .where({ 'l.account': 'CREDITS_PAYABLE', 'l.subledger': letterId });
    assert.equal(
      credits.reduce((s, l) => s + BigInt(l.credit) - BigInt(l.debit), 0n),
      0n,
    ); // E7 600 000 in, E9 600 000 out
  });

  it('refuses the analyst approving their own analysis', async () => {
    const letterId = await contemplate(quotas[2]!);
    const member = (await h.db('credit.letters').where({ id: letterId }).first()).member_id as string;
    // A document never uploaded cannot be named.
    await assert.rejects(
      h.creditApi.requestUsage(
        {
          letterId,
          assetDescription: 'Moto 160cc',
          sellerName: 'Motos SA',
          sellerDocument: '11222333000181',
          priceCentavos: 300_000n,
          documents: [{ name: 'nf.pdf', sha256: 'c'.repeat(64) }],
        },
        await h.tokens.as(['MEMBER'], member),
      ),
      refused(status.FAILED_PRECONDITION, /was not uploaded/),
    );
    const doc = await proposal(letterId, member);
    await h.creditApi.requestUsage(
      {
        letterId,
        assetDescription: 'Moto 160cc',
        sellerName: 'Motos SA',
        sellerDocument: '11222333000181',
        priceCentavos: 300_000n,
        documents: [doc],
      },
      await h.tokens.as(['MEMBER'], member),
    );
    await h.creditApi.recordAnalysis({
      letterId,
      provenMonthlyIncomeCentavos: 1_000_000n,
      nextInstallmentCentavos: 120_400n,
      outstandingBalanceCentavos: 480_000n,
      guaranteeAppraisedCentavos: 600_000n,
      guaranteeKind: 'FIDUCIARY_LIEN',
    });
    await assert.rejects(h.creditApi.approveUsage({ letterId }), refused(status.FAILED_PRECONDITION, /maker-checker/));
    await assert.rejects(
      h.creditApi.getLetter({ letterId }, await h.tokens.as(['MEMBER'], newId())),
      refused(status.PERMISSION_DENIED, /./),
    );
  });

  it('never pays more than the balance: concurrent releases, and one above the balance writes nothing', async () => {
    const letterId = await contemplate(quotas[3]!);
    await approved(letterId);
    const results = await Promise.allSettled([
      h.creditApi.releaseCredit({
        letterId,
        kind: ReleaseKind.RELEASE_KIND_SELLER,
        amountCentavos: 400_000n,
        idempotencyKey: 'tranche-a-0001',
      }),
      h.creditApi.releaseCredit({
        letterId,
        kind: ReleaseKind.RELEASE_KIND_SELLER,
        amountCentavos: 400_000n,
        idempotencyKey: 'tranche-b-0001',
      }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const row = await h.db('credit.letters').where({ id: letterId }).first();
    assert.deepEqual(
      [BigInt(row.balance), BigInt(row.released), row.status],
      [200_000n, 400_000n, 'PARTIALLY_RELEASED'],
    );
    const before = (await h.db('credit.releases').where({ letter_id: letterId })).length;
    await assert.rejects(
      h.creditApi.releaseCredit({
        letterId,
        kind: ReleaseKind.RELEASE_KIND_SELLER,
        amountCentavos: 200_001n,
        idempotencyKey: 'tranche-c-0001',
      }),
      refused(status.FAILED_PRECONDITION, /exceeds the letter's balance of 200000/),
    );
    assert.equal((await h.db('credit.releases').where({ letter_id: letterId })).length, before);
    assert.equal(BigInt((await h.db('credit.letters').where({ id: letterId }).first()).balance), 200_000n);
    // The asset cost less than the credit (§9.5 c): the leftover is paid to the member and the letter closes.
    const { letter, paidCentavos } = await h.creditApi.settleLeftover({ letterId, idempotencyKey: 'leftover-0001' });
    assert.equal(paidCentavos, 200_000n);
    assert.equal(letter!.status, LetterStatus.LETTER_STATUS_CLOSED);
    await eventually(
      async () => (await h.db('payments.journal_entries').where({ group_id: groupId, kind: 'E9' })).length === 3,
    );
  });

  it("applies a confirmed index to the group's credit value and tells payments (a second operator confirms)", async () => {
    await assert.rejects(
      h.creditApi.enterIndex({ groupId, period: 7, variationPct: 45_678n, source: 'IBGE IPCA 12 meses' }),
      refused(status.INVALID_ARGUMENT, /adjustment period/),
    );
    // A 24-month group (24 members fund its first draw): period 13 is its first anniversary.
    const long = await activeGroup(h, {
      parameters: { creditValueCentavos: 600_000n, termMonths: 24, maxQuotas: 30, dueDay: 5 },
      members: 24,
    });
    await eventually(
      async () => (await h.db('credit.groups').where({ id: long.groupId, status: 'ACTIVE' })).length === 1,
    );
    await h.creditApi.enterIndex({
      groupId: long.groupId,
      period: 13,
      variationPct: 45_678n,
      source: 'IBGE IPCA 12 meses até dez/2025',
    });
    await assert.rejects(
      h.creditApi.confirmIndex({ groupId: long.groupId, period: 13 }),
      refused(status.FAILED_PRECONDITION, /maker-checker/),
    );
    const { entry } = await h.creditApi.confirmIndex(
      { groupId: long.groupId, period: 13 },
      await h.tokens.as(['ADMIN']),
    );
    assert.equal(entry!.newCreditValueCentavos, 627_407n); // roundHalfUp(600 000 × 1.045678)
    // payments takes the new C from period 13's billing date (due 05/01/2026 − 10 days) and revalues the fund.
    await eventually(async () => (await h.db('payments.adjustments').where({ group_id: long.groupId })).length === 1);
    const c = await h
      .db('payments.credit_values')
      .where({ group_id: long.groupId, effective_on: '2025-12-26' })
      .first();
    assert.equal(BigInt(c.credit_value), 627_407n);
  });
});
