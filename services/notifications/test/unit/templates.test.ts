import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatBRL } from '@consorcio/shared/money';
import type { NotificationFacts, QuotaFacts } from '../../src/domain/facts';
import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../../src/domain/format';
import { NOTIFICATION_KINDS } from '../../src/domain/kinds';
import { render, TEMPLATES } from '../../src/templates';

const quota: QuotaFacts = { groupId: 'g-1', quotaId: 'q-1', number: 528, version: 2 };

/** One example of every kind. */
const SAMPLES: NotificationFacts[] = [
  {
    kind: 'installment_billed',
    quota,
    installmentId: 'i-1',
    installmentNumber: 3,
    period: 3,
    dueOn: '2026-03-10',
    amountCentavos: 123_456n,
  },
  {
    kind: 'installment_due_soon',
    quota,
    installmentId: 'i-1',
    installmentNumber: 3,
    period: 3,
    dueOn: '2026-03-10',
    amountCentavos: 123_456n,
  },
  { kind: 'payment_confirmed', quota, period: 2, amountCentavos: 98_765n, paidOn: '2026-02-09', onTime: true },
  { kind: 'installment_overdue', quota, overdueCount: 2, oldestDueOn: '2026-02-10', evaluatedOn: '2026-03-12' },
  { kind: 'quota_excluded', quota, reason: 'DELINQUENCY', effectiveOn: '2026-04-12' },
  {
    kind: 'assembly_result',
    groupId: 'g-1',
    assemblyId: 'a-1',
    period: 4,
    assemblyDate: '2026-04-16',
    contemplatedNumbers: [528, 7],
  },
  {
    kind: 'quota_contemplated',
    quota,
    contemplationId: 'c-1',
    period: 4,
    contemplationType: 'FREE_BID',
    creditValueCentavos: 10_000_000n,
  },
  { kind: 'credit_letter_issued', quota, letterId: 'l-1', creditAmountCentavos: 9_500_000n },
  {
    kind: 'credit_letter_released',
    quota,
    letterId: 'l-1',
    releaseId: 'r-1',
    releaseKind: 'SELLER',
    amountCentavos: 9_000_000n,
    balanceAfterCentavos: 500_000n,
  },
  { kind: 'group_closed', groupId: 'g-1', closedOn: '2030-06-30' },
];

/** What each kind's message must state, besides being in Portuguese. */
const MUST_SAY: Record<string, string[]> = {
  installment_billed: ['0528-2', 'R$ 1.234,56', '10/03/2026', 'parcela 3'],
  installment_due_soon: ['0528-2', 'R$ 1.234,56', '10/03/2026', 'Lembrete'],
  payment_confirmed: ['0528-2', 'R$ 987,65', '09/02/2026'],
  installment_overdue: ['0528-2', '2 parcelas em atraso', '10/02/2026'],
  quota_excluded: ['0528-2', '12/04/2026', 'inadimplência'],
  assembly_result: ['16/04/2026', '0528, 0007'],
  quota_contemplated: ['0528-2', 'R$ 100.000,00', 'lance livre'],
  credit_letter_issued: ['0528-2', 'R$ 95.000,00'],
  credit_letter_released: ['0528-2', 'R$ 90.000,00', 'R$ 5.000,00', 'vendedor'],
  group_closed: ['30/06/2030', 'encerrado'],
};

describe('templates', () => {
  it('has one template per kind, each named after its kind and versioned', () => {
    assert.deepEqual(Object.keys(TEMPLATES).sort(), [...NOTIFICATION_KINDS].sort());
    for (const [kind, t] of Object.entries(TEMPLATES)) {
      assert.equal(t.id, kind);
      assert.ok(Number.isInteger(t.version) && t.version >= 1);
    }
  });

  for (const facts of SAMPLES) {
    it(`renders ${facts.kind} in Portuguese with its numbers, amounts (BRL) and dates (dd/mm/aaaa)`, () => {
      const r = render(facts);
      assert.equal(r.templateId, facts.kind);
      assert.equal(r.templateVersion, TEMPLATES[facts.kind].version);
      for (const text of MUST_SAY[facts.kind] ?? []) {
        assert.ok(
          `${r.subject}\n${r.text}`.includes(text),
          `${facts.kind} should say ${text}:\n${r.subject}\n${r.text}`,
        );
      }
      for (const part of [r.subject, r.text, r.short]) {
        assert.ok(part.length > 0);
        assert.doesNotMatch(part, /undefined|NaN|null|\[object|\d{4}-\d{2}-\d{2}/);
      }
      assert.ok(r.short.length <= 160, `${facts.kind}: SMS text is ${r.short.length} characters`);
      assert.match(r.text, /preferências de notificação/);
    });
  }

  it('renders any amount with the shared BRL formatter and any record label', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 9 }),
        (amount, number, version) => {
          const r = render({
            kind: 'credit_letter_issued',
            quota: { ...quota, number, version },
            letterId: 'l',
            creditAmountCentavos: amount,
          });
          return r.subject.includes(formatBRL(amount)) && r.subject.includes(quotaLabel(number, version));
        },
      ),
    );
  });

  it('writes dates as dd/mm/aaaa and refuses anything else', () => {
    assert.equal(formatDateBR('2026-01-05'), '05/01/2026');
    assert.throws(() => formatDateBR('05/01/2026'), /date: must be YYYY-MM-DD/);
  });
});
