import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { contractLayout, type ContractInput } from '../../src/domain/contract-layout';
import { regularInstallment } from '../../src/domain/installment';
import { minutesLayout } from '../../src/domain/minutes-layout';
import { renderPdf } from '../../src/pdf/render-pdf';
import { gDemoMinutes } from '../support/minutes-fixture';
import { pdfText } from '../support/pdf-text';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** G-DEMO (domain §4.3): C = R$ 60.000,00, 72 months, admin fee 15 % (1 % upfront), reserve 2 %. */
const contract: ContractInput = {
  groupCode: 'G-DEMO',
  maxQuotas: 200,
  creditValue: 6_000_000n,
  termMonths: 72,
  adminFeeTotalPct: 150_000n,
  adminFeeUpfrontPct: 10_000n,
  reserveFundTotalPct: 20_000n,
  insuranceMonthlyPct: 0n,
  enrolledAtPeriod: 1,
  quotaNumber: 42,
  quotaVersion: 1,
  quotaId: '01900000-0000-7000-8000-000000000042',
  memberId: '01900000-0000-7000-8000-0000000000aa',
  enrolledOn: '2026-02-10',
  channel: 'internet',
  insuranceOptIn: false,
  replacement: false,
  issuedAt: new Date('2026-02-10T13:00:00Z'),
};

describe('generated PDFs', () => {
  it('the regular installment spreads each component over the installments left, truncated', () => {
    const r = regularInstallment(contract);
    assert.equal(r.installments, 72);
    assert.equal(r.fcPct, 13_888n); // 100 % / 72 = 1.3888 %
    assert.equal(r.afPct, 1_944n); // 14 % / 72
    assert.equal(r.frPct, 277n); // 2 % / 72
    assert.equal(r.amount, 83_328n + 11_664n + 1_662n);
    assert.equal(r.upfrontFee, 60_000n);
    assert.equal(regularInstallment({ ...contract, enrolledAtPeriod: 13 }).installments, 60);
  });

  it('the adhesion contract names the group, the quota and the amounts in reais — and no personal data', async () => {
    const bytes = await renderPdf(contractLayout(contract));
    const text = await pdfText(bytes);
    for (const expected of [
      'Contrato de Adesão',
      'G-DEMO',
      '042-1',
      'R$ 60.000,00',
      '72 meses',
      '15,0000 %',
      '2,0000 %',
      'R$ 966,54',
      'R$ 600,00',
    ])
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);
    assert.ok(!/\d{3}\.\d{3}\.\d{3}-\d{2}/.test(text), 'no CPF');
  });

  it('the minutes list the contemplated quota numbers, bids and amounts in reais', async () => {
    const text = await pdfText(
      await renderPdf(minutesLayout(gDemoMinutes('g', 'a'), 'G-DEMO', new Date('2026-12-10T18:00:00Z'))),
    );
    for (const expected of [
      'Ata da Assembleia',
      'G-DEMO',
      'nº 11',
      'Sorteio',
      '118',
      'Lance livre',
      '040',
      '48,2500 %',
      'R$ 35.955,18',
      '119',
      'R$ 40.066,47',
      '120-1',
      'R$ 6.749,57',
      'suplente',
      'R$ 228,78',
      'R$ 143.000,00',
    ])
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);
  });

  it('renders the same bytes for the same input (so the hash is stable), other bytes for another', async () => {
    const a = await renderPdf(contractLayout(contract));
    const b = await renderPdf(contractLayout(contract));
    const c = await renderPdf(contractLayout({ ...contract, quotaNumber: 43 }));
    assert.equal(sha(a), sha(b));
    assert.notEqual(sha(a), sha(c));
  });
});
