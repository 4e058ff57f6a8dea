import assert from 'node:assert/strict';
import { factsOf, NOTIFYING_EVENTS } from '../../src/events/event-facts';
import { notifyingEvents, BILLED_TOTAL } from '../support/sample-events';

const quota = { groupId: 'g-1', quotaId: 'q-1', number: 12, version: 1 };

describe('event facts', () => {
  const events = notifyingEvents(quota, { installmentId: 'i-1', letterId: 'l-1' });

  it('decodes every notifying event with the generated decoders', () => {
    const kinds = events.map((e) => factsOf(e.eventType, e.body).kind);
    assert.deepEqual(kinds, [
      'installment_billed',
      'payment_confirmed',
      'installment_overdue',
      'quota_excluded',
      'assembly_result',
      'quota_contemplated',
      'credit_letter_issued',
      'credit_letter_released',
      'group_closed',
    ]);
    assert.ok(NOTIFYING_EVENTS.includes('credit.letter.cashed_out'));
  });

  it('takes the effective due date and the total of a billed installment', () => {
    const facts = factsOf('payments.installment.billed', events[0]!.body);
    assert.deepEqual(facts, {
      kind: 'installment_billed',
      quota,
      installmentId: 'i-1',
      installmentNumber: 3,
      period: 3,
      dueOn: '2026-03-10',
      amountCentavos: BILLED_TOTAL,
    });
  });

  it('lists the seats contemplated at an assembly', () => {
    const facts = factsOf('draws.assembly.result_published', events[4]!.body);
    assert.equal(facts.kind, 'assembly_result');
    assert.deepEqual(facts.kind === 'assembly_result' && facts.contemplatedNumbers, [12, 7]);
  });

  it('refuses an event without its quota, naming the field', () => {
    assert.throws(() => factsOf('credit.letter.issued', Buffer.alloc(0)), /quota: is required/);
  });
});
