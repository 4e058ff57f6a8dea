import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

const WHY: Record<'VOLUNTARY' | 'DELINQUENCY' | 'UNSPECIFIED', string> = {
  VOLUNTARY: 'a seu pedido de desistência',
  DELINQUENCY: 'por inadimplência, conforme o contrato de adesão',
  UNSPECIFIED: 'conforme o contrato de adesão',
};

export const quotaExcluded: Template<'quota_excluded'> = {
  id: 'quota_excluded',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const em = formatDateBR(f.effectiveOn);
    return {
      subject: `Cota ${cota} excluída do grupo em ${em}`,
      text: body(
        'Olá,',
        '',
        `A sua cota ${cota} foi excluída do grupo em ${em}, ${WHY[f.reason]}.`,
        'O valor pago ao fundo comum será devolvido, descontada a penalidade contratual, quando a cota for sorteada',
        'nas assembleias de excluídos ou no encerramento do grupo.',
      ),
      short: `Consórcio: a cota ${cota} foi excluída do grupo em ${em}.`,
    };
  },
};
