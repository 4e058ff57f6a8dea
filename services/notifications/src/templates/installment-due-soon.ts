import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const installmentDueSoon: Template<'installment_due_soon'> = {
  id: 'installment_due_soon',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const valor = formatBRL(f.amountCentavos);
    const venc = formatDateBR(f.dueOn);
    return {
      subject: `Lembrete: a parcela ${f.installmentNumber} da cota ${cota} vence em ${venc}`,
      text: body(
        'Olá,',
        '',
        `Lembramos que a parcela ${f.installmentNumber} da sua cota ${cota}, no valor de ${valor}, vence em ${venc}.`,
        'Pagando até o vencimento você evita multa e juros e continua concorrendo nas assembleias.',
        '',
        'Se você já pagou, desconsidere este aviso.',
      ),
      short: `Consórcio: a parcela ${f.installmentNumber} da cota ${cota} (${valor}) vence em ${venc}.`,
    };
  },
};
