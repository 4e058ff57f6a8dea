import { seatLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const assemblyResult: Template<'assembly_result'> = {
  id: 'assembly_result',
  version: 1,
  render(f) {
    const data = formatDateBR(f.assemblyDate);
    const cotas = f.contemplatedNumbers.map((n) => seatLabel(n)).join(', ');
    const resumo = f.contemplatedNumbers.length === 0 ? 'nenhuma cota foi contemplada' : `contempladas: ${cotas}`;
    return {
      subject: `Resultado da assembleia de ${data} do seu grupo`,
      text: body(
        'Olá,',
        '',
        `A assembleia do período ${f.period} do seu grupo foi realizada em ${data}.`,
        f.contemplatedNumbers.length === 0
          ? 'Nenhuma cota foi contemplada nesta assembleia.'
          : `Cotas contempladas: ${cotas}.`,
        '',
        'A ata completa, com o sorteio e os lances, está disponível na sua área do consorciado.',
      ),
      short: `Consórcio: assembleia de ${data} realizada, ${resumo}.`,
    };
  },
};
