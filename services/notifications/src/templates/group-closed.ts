import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const groupClosed: Template<'group_closed'> = {
  id: 'group_closed',
  version: 1,
  render(f) {
    const em = formatDateBR(f.closedOn);
    return {
      subject: `Seu grupo de consórcio foi encerrado em ${em}`,
      text: body(
        'Olá,',
        '',
        `O seu grupo de consórcio foi encerrado em ${em}.`,
        'Se houver valores a devolver a você, eles estarão disponíveis para resgate; consulte o extrato de encerramento',
        'na sua área do consorciado.',
      ),
      short: `Consórcio: o seu grupo foi encerrado em ${em}. Veja o extrato de encerramento.`,
    };
  },
};
