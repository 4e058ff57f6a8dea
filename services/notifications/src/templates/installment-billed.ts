import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const installmentBilled: Template<'installment_billed'> = {
  id: 'installment_billed',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const valor = formatBRL(f.amountCentavos);
    const venc = formatDateBR(f.dueOn);
    return {
      subject: `Parcela ${f.installmentNumber} da cota ${cota}: ${valor}, vencimento ${venc}`,
      text: body(
        'Olá,',
        '',
        `A parcela ${f.installmentNumber} da sua cota ${cota} foi emitida.`,
        `Valor: ${valor}`,
        `Vencimento: ${venc}`,
        '',
        'O boleto e o código PIX estão disponíveis na sua área do consorciado.',
      ),
      short: `Consórcio: parcela ${f.installmentNumber} da cota ${cota} emitida, ${valor}, vence em ${venc}.`,
    };
  },
};
