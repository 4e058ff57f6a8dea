import type { AssemblyMinutes, PublishedBid } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { BidMode } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { formatBRL, formatPct } from '@consorcio/shared/money';
import { quotaLabel, seatLabel } from '@consorcio/shared/rules';
import type { DocumentLayout } from './layout';

const CONTEMPLATION_TYPES: Record<string, string> = {
  DRAW: 'Sorteio',
  FIXED_BID: 'Lance fixo',
  FREE_BID: 'Lance livre',
  EXTRA_DRAW: 'Sorteio extra',
};

const OUTCOMES: Record<string, string> = {
  WON: 'vencedor',
  ALTERNATE: 'suplente',
  LOST: 'não contemplado',
  VOID: 'nulo',
};

const mode = (m: BidMode) => (m === BidMode.BID_MODE_FIXED ? 'fixo' : 'livre');

/**
 * The minutes (ata) of an assembly (domain §6.8) as published to the group: quota numbers only — never names or
 * documents — with each contemplation, refund and bid and the amounts, so a member can check the result.
 */
export function minutesLayout(m: AssemblyMinutes, groupCode: string, publishedAt: Date): DocumentLayout {
  const n = m.rules?.maxQuotas ?? 0;
  const bidsById = new Map<string, PublishedBid>(m.bids.map((b) => [b.bidId, b]));
  const lottery = m.lottery;
  return {
    title: `Ata da assembleia ${m.period} — grupo ${groupCode}`,
    subject: `Ata da assembleia geral ordinária ${m.period} do grupo ${groupCode}`,
    createdAt: publishedAt,
    blocks: [
      { kind: 'heading', text: 'Ata da Assembleia Geral Ordinária' },
      {
        kind: 'fields',
        rows: [
          ['Grupo', groupCode],
          ['Assembleia', `nº ${m.period}`],
          ['Data da assembleia', m.assemblyDate],
          [
            'Loteria Federal',
            lottery
              ? `extração ${lottery.extractionNumber} de ${lottery.extractionDate}: ${lottery.prizes.join(', ')}`
              : '—',
          ],
          ['Chave do sorteio', String(m.drawKey)],
          ['Valor do crédito', formatBRL(m.creditValueCentavos)],
          ['Fundo comum disponível', formatBRL(m.commonFundCentavos)],
          ['Fundo de reserva disponível', formatBRL(m.reserveFundCentavos)],
          ['Hash do instantâneo', m.snapshotHash || '—'],
        ],
      },
      { kind: 'heading', text: 'Contemplações' },
      {
        kind: 'table',
        headers: ['Tipo', 'Cota', 'Lance', 'Custo líquido', 'Disponível após'],
        rows: m.contemplations.map((c) => {
          const bid = c.bidId ? bidsById.get(c.bidId) : undefined;
          return [
            CONTEMPLATION_TYPES[c.type] ?? c.type,
            seatLabel(c.number, n),
            bid ? formatPct(bid.bidPct) : '—',
            formatBRL(c.netCostCentavos),
            formatBRL(c.availableAfterCentavos),
          ];
        }),
        empty: 'Nenhuma cota contemplada.',
      },
      { kind: 'heading', text: 'Restituições sorteadas (excluídos)' },
      {
        kind: 'table',
        headers: ['Cota', 'Bruto', 'Multa', 'Líquido'],
        rows: m.awards.map((a) => [
          quotaLabel(a.number, a.version, n),
          formatBRL(a.grossCentavos),
          formatBRL(a.penaltyCentavos),
          formatBRL(a.netCentavos),
        ]),
        empty: 'Nenhuma restituição sorteada.',
      },
      { kind: 'heading', text: 'Lances' },
      {
        kind: 'table',
        headers: ['Ordem', 'Cota', 'Modalidade', 'Lance', 'Embutido', 'Custo líquido', 'Resultado'],
        rows: [...m.bids]
          .sort((a, b) => a.rank - b.rank || a.number - b.number)
          .map((b) => [
            b.rank > 0 ? String(b.rank) : '—',
            seatLabel(b.number, n),
            mode(b.mode),
            formatPct(b.bidPct),
            formatPct(b.embeddedPct),
            formatBRL(b.netCostCentavos),
            OUTCOMES[b.outcome] ?? b.outcome,
          ]),
        empty: 'Nenhum lance.',
      },
      {
        kind: 'fields',
        rows: [
          ['Fundo de reserva utilizado', formatBRL(m.reserveUsedCentavos)],
          ['Disponível após a assembleia', formatBRL(m.availableAfterCentavos)],
          ['Fundo de reserva após a assembleia', formatBRL(m.reserveAfterCentavos)],
          [
            'Suplentes',
            m.alternates
              .map((id) => bidsById.get(id))
              .filter((b) => b !== undefined)
              .map((b) => seatLabel(b.number, n))
              .join(', ') || '—',
          ],
        ],
      },
      {
        kind: 'paragraph',
        text:
          'Publicada aos consorciados do grupo com os números das cotas apenas (LGPD). Os lances são publicados com ' +
          'conteúdo e sal, de modo que cada compromisso pode ser conferido e o resultado recalculado.',
      },
    ],
  };
}
