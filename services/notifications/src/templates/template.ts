import type { FactsOf } from '../domain/facts';
import type { NotificationKind } from '../domain/kinds';

/** A rendered message: e-mail subject and body, and a short text for SMS and push. */
export interface RenderedMessage {
  subject: string;
  text: string;
  short: string;
}

/**
 * One kind's message, in Portuguese. A change of wording is a new `version`: every notification records the
 * template id and version it was rendered with.
 */
export interface Template<K extends NotificationKind> {
  id: K;
  version: number;
  render(facts: FactsOf<K>): RenderedMessage;
}

/** The closing lines of every e-mail: why the member gets it and where to change it (LGPD). */
export const FOOTER = [
  '',
  '—',
  'Esta é uma mensagem automática da administradora do seu consórcio; não é preciso respondê-la.',
  'Você pode escolher por quais canais recebe nossos avisos nas preferências de notificação da sua área do consorciado.',
].join('\n');

/** An e-mail body: the lines, then the footer. */
export function body(...lines: string[]): string {
  return [...lines, FOOTER].join('\n');
}
