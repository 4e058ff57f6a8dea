import assert from 'node:assert/strict';
import {
  legalTransitions,
  LETTER_STATUSES,
  nextLetterStatus,
  type LetterStatus,
  type LetterTrigger,
} from '../../../src/domain';

const TRIGGERS: LetterTrigger[] = [
  'request_usage',
  'approve',
  'reject',
  'register_guarantee',
  'release_part',
  'release_rest',
  'cash_out',
  'cancel',
  'settle_leftover',
];

describe('credit letter state machine (§9.2)', () => {
  it('has exactly the transitions of the table', () => {
    const legal = legalTransitions()
      .map((t) => `${t.from} --${t.trigger}--> ${t.to}`)
      .sort();
    assert.deepEqual(legal, [
      'APPROVED --register_guarantee--> RELEASE_PENDING',
      'ISSUED --cancel--> CANCELLED',
      'ISSUED --cash_out--> RELEASED',
      'ISSUED --request_usage--> UNDER_ANALYSIS',
      'PARTIALLY_RELEASED --release_part--> PARTIALLY_RELEASED',
      'PARTIALLY_RELEASED --release_rest--> RELEASED',
      'RELEASED --settle_leftover--> CLOSED',
      'RELEASE_PENDING --release_part--> PARTIALLY_RELEASED',
      'RELEASE_PENDING --release_rest--> RELEASED',
      'UNDER_ANALYSIS --approve--> APPROVED',
      'UNDER_ANALYSIS --cancel--> CANCELLED',
      'UNDER_ANALYSIS --reject--> ISSUED',
    ]);
  });

  it('follows every legal transition and refuses every other one naming the current status', () => {
    const legal = new Map(legalTransitions().map((t) => [`${t.from}/${t.trigger}`, t.to]));
    for (const from of LETTER_STATUSES)
      for (const trigger of TRIGGERS) {
        const to = legal.get(`${from}/${trigger}`);
        if (to) assert.equal(nextLetterStatus(from, trigger), to);
        else
          assert.throws(
            () => nextLetterStatus(from, trigger),
            (e: Error) => e.name === 'RuleViolation' && e.message.includes(`the letter is ${from}`),
            `${from} / ${trigger}`,
          );
      }
  });

  it('walks a letter from issue to a paid seller, and a construction from tranche to tranche', () => {
    let s: LetterStatus = 'ISSUED';
    for (const t of ['request_usage', 'approve', 'register_guarantee', 'release_rest', 'settle_leftover'] as const)
      s = nextLetterStatus(s, t);
    assert.equal(s, 'CLOSED');
    s = 'RELEASE_PENDING';
    for (const t of ['release_part', 'release_part', 'release_rest'] as const) s = nextLetterStatus(s, t);
    assert.equal(s, 'RELEASED');
  });
});
