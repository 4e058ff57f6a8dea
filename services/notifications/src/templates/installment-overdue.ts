import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const installmentOverdue: Template<'installment_overdue'> = {
  id: 'installment_overdue',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const parcelas = f.overdueCount === 1 ? '1 parcela em atraso' : `${f.overdueCount} parcelas em atraso`;
    const desde = formatDateBR(f.oldestDueOn);
    return {
      subject: `Cota ${cota}: ${parcelas}`,
      text: body(
        'Olá,',
        '',
        `Em ${formatDateBR(f.evaluatedOn)}, a sua cota ${cota} tinha ${parcelas}; a mais antiga venceu em ${desde}.`,
        'Enquanto houver parcela em atraso a cota não concorre nas assembleias, e o atraso pode levar à exclusão do grupo,',
        'conforme o contrato de adesão.',
        '',
        'Regularize pela sua área do consorciado (boleto ou PIX atualizados com multa e juros).',
      ),
      short: `Consórcio: a cota ${cota} tem ${parcelas} desde ${desde}. Regularize para continuar concorrendo.`,
    };
  },
};
