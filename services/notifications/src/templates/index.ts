import type { NotificationFacts } from '../domain/facts';
import type { NotificationKind } from '../domain/kinds';
import { assemblyResult } from './assembly-result';
import { creditLetterIssued } from './credit-letter-issued';
import { creditLetterReleased } from './credit-letter-released';
import { groupClosed } from './group-closed';
import { installmentBilled } from './installment-billed';
import { installmentDueSoon } from './installment-due-soon';
import { installmentOverdue } from './installment-overdue';
import { paymentConfirmed } from './payment-confirmed';
import { quotaContemplated } from './quota-contemplated';
import { quotaExcluded } from './quota-excluded';
import type { RenderedMessage, Template } from './template';

export type { RenderedMessage, Template } from './template';

/** The current template of every kind. */
export const TEMPLATES: { [K in NotificationKind]: Template<K> } = {
  installment_billed: installmentBilled,
  installment_due_soon: installmentDueSoon,
  payment_confirmed: paymentConfirmed,
  installment_overdue: installmentOverdue,
  quota_excluded: quotaExcluded,
  assembly_result: assemblyResult,
  quota_contemplated: quotaContemplated,
  credit_letter_issued: creditLetterIssued,
  credit_letter_released: creditLetterReleased,
  group_closed: groupClosed,
};

/** A rendered notification and the template (id and version) that rendered it. */
export interface Rendered extends RenderedMessage {
  templateId: string;
  templateVersion: number;
}

/** Renders facts with their kind's current template. */
export function render(facts: NotificationFacts): Rendered {
  const template = TEMPLATES[facts.kind] as Template<NotificationKind>;
  const message = template.render(facts);
  return { ...message, templateId: template.id, templateVersion: template.version };
}
