import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { body, type Template } from './template';

export const creditLetterIssued: Template<'credit_letter_issued'> = {
  id: 'credit_letter_issued',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const valor = formatBRL(f.creditAmountCentavos);
    return {
      subject: `Carta de crédito da cota ${cota} emitida: ${valor}`,
      text: body(
        'Olá,',
        '',
        `A carta de crédito da sua cota ${cota} foi emitida no valor de ${valor}.`,
        'Para usá-la, informe o bem e envie os documentos pela sua área do consorciado; o crédito rende',
        'enquanto não é utilizado.',
      ),
      short: `Consórcio: carta de crédito da cota ${cota} emitida, ${valor}.`,
    };
  },
};
