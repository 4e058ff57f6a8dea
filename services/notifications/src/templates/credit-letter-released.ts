import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { body, type Template } from './template';

const TO_WHOM: Record<string, string> = {
  SELLER: 'ao vendedor do bem',
  ASSET_COSTS: 'para as despesas do bem',
  CASH: 'a você, em dinheiro',
};

export const creditLetterReleased: Template<'credit_letter_released'> = {
  id: 'credit_letter_released',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const valor = formatBRL(f.amountCentavos);
    const saldo = formatBRL(f.balanceAfterCentavos);
    return {
      subject: `Crédito liberado: ${valor} da carta da cota ${cota}`,
      text: body(
        'Olá,',
        '',
        `Liberamos ${valor} da carta de crédito da sua cota ${cota}, pagos ${TO_WHOM[f.releaseKind] ?? 'ao favorecido'}.`,
        `Saldo restante da carta: ${saldo}.`,
      ),
      short: `Consórcio: ${valor} liberados da carta da cota ${cota}; saldo ${saldo}.`,
    };
  },
};
