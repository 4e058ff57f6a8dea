import { formatBRL } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import { formatDateBR } from '../domain/format';
import { body, type Template } from './template';

export const paymentConfirmed: Template<'payment_confirmed'> = {
  id: 'payment_confirmed',
  version: 1,
  render(f) {
    const cota = quotaLabel(f.quota.number, f.quota.version);
    const valor = formatBRL(f.amountCentavos);
    const pago = formatDateBR(f.paidOn);
    return {
      subject: `Pagamento confirmado: ${valor} da cota ${cota}`,
      text: body(
        'Olá,',
        '',
        `Confirmamos o pagamento de ${valor} em ${pago}, referente à parcela do período ${f.period} da sua cota ${cota}.`,
        f.onTime ? 'O pagamento foi feito em dia. Obrigado!' : 'O pagamento incluiu os encargos de atraso.',
      ),
      short: `Consórcio: pagamento de ${valor} da cota ${cota} confirmado em ${pago}.`,
    };
  },
};
