import { formatBRL, formatPct } from '@consorcio/shared/money';
import { regularInstallment, type PlanTerms } from './installment';
import { quotaLabel } from '@consorcio/shared/rules';
import type { DocumentLayout } from './layout';

/** What the adhesion contract of a record states: the group's plan and the record, never the member's personal data. */
export interface ContractInput extends PlanTerms {
  groupCode: string;
  maxQuotas: number;
  insuranceMonthlyPct: bigint;
  quotaNumber: number;
  quotaVersion: number;
  quotaId: string;
  memberId: string;
  enrolledOn: string;
  channel: string;
  insuranceOptIn: boolean;
  replacement: boolean;
  issuedAt: Date;
}

/**
 * The adhesion contract (Law 11.795 art. 10; Res. BCB 285): the group, the record, the credit value, the term, the
 * fees and the regular installment. The member is named by their id only: their name and CPF stay in the groups
 * service, so the contract can be stored, hashed and logged without personal data.
 */
export function contractLayout(c: ContractInput): DocumentLayout {
  const plan = regularInstallment(c);
  const display = quotaLabel(c.quotaNumber, c.quotaVersion, c.maxQuotas);
  return {
    title: `Contrato de adesão — grupo ${c.groupCode}, cota ${display}`,
    subject: `Contrato de adesão da cota ${display} do grupo ${c.groupCode}`,
    createdAt: c.issuedAt,
    blocks: [
      { kind: 'heading', text: 'Contrato de Adesão a Grupo de Consórcio' },
      {
        kind: 'paragraph',
        text:
          'Contrato de participação em grupo de consórcio por adesão, regido pela Lei 11.795/2008 e pela ' +
          'Resolução BCB 285/2023. As obrigações do consorciado são percentuais do valor do crédito em vigor.',
      },
      {
        kind: 'fields',
        rows: [
          ['Grupo', c.groupCode],
          ['Cota', `${display}${c.replacement ? ' (cota de reposição)' : ''}`],
          ['Identificador da cota', c.quotaId],
          ['Consorciado (identificador)', c.memberId],
          ['Data de adesão', c.enrolledOn],
          ['Período de adesão', `assembleia ${c.enrolledAtPeriod}`],
          ['Canal de venda', c.channel],
        ],
      },
      { kind: 'heading', text: 'Plano' },
      {
        kind: 'fields',
        rows: [
          ['Valor do crédito', formatBRL(c.creditValue)],
          ['Prazo do grupo', `${c.termMonths} meses`],
          ['Parcelas desta cota', String(plan.installments)],
          ['Taxa de administração total', formatPct(c.adminFeeTotalPct)],
          ['Taxa de administração antecipada', `${formatPct(c.adminFeeUpfrontPct)} = ${formatBRL(plan.upfrontFee)}`],
          ['Fundo de reserva', formatPct(c.reserveFundTotalPct)],
          [
            'Seguro mensal',
            c.insuranceOptIn ? `${formatPct(c.insuranceMonthlyPct)} do saldo devedor` : 'não contratado',
          ],
        ],
      },
      { kind: 'heading', text: 'Parcela mensal' },
      {
        kind: 'fields',
        rows: [
          ['Fundo comum', formatPct(plan.fcPct)],
          ['Taxa de administração', formatPct(plan.afPct)],
          ['Fundo de reserva', formatPct(plan.frPct)],
          ['Parcela mensal (sem seguro)', formatBRL(plan.amount)],
        ],
      },
      {
        kind: 'paragraph',
        text:
          'A parcela é recalculada pelo valor do crédito em vigor a cada reajuste anual; a última parcela absorve o ' +
          'resíduo dos percentuais. Multa por atraso de até 2 % e juros de 1 % ao mês (CDC art. 52 §1º). ' +
          'Direito de desistência em 7 dias para vendas fora do estabelecimento (CDC art. 49).',
      },
    ],
  };
}
