import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { body, type Template } from './template';

const HOW: Record<string, string> = {
  DRAW: 'por sorteio',
  EXTRA_DRAW: 'por sorteio extra',
  FIXED_BID: 'por lance fixo',
  FREE_BID: 'por lance livre',
};

export const quotaContemplated: Template<'quota_contemplated'> = {
  id: 'quota_contemplated',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const credito = formatBRL(f.creditValueCentavos);
    const como = HOW[f.contemplationType] ?? 'na assembleia';
    return {
      subject: `Parabéns! A cota ${cota} foi contemplada`,
      text: body(
        'Olá,',
        '',
        `A sua cota ${cota} foi contemplada ${como} na assembleia do período ${f.period}.`,
        `Valor do crédito na assembleia: ${credito}.`,
        '',
        'A carta de crédito será emitida em seguida; os próximos passos estarão na sua área do consorciado.',
      ),
      short: `Consórcio: parabéns, a cota ${cota} foi contemplada ${como} (crédito ${credito}).`,
    };
  },
};
