import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DomainError, RuleViolation } from '@consorcio/shared/errors';
import {
  type GroupState,
  type GroupStatus,
  cancelGroup,
  closeGroup,
  constituteGroup,
  createGroupState,
  dissolveGroup,
  formationExpired,
  publishGroup,
  recordAssemblyHeld,
  recordClosingNotices,
  recordLastAssembly,
} from '../../../src/domain';
import { ALL_GROUP_STATUSES, DEMO_PARAMS, assertInvalid, assertRule, groupIn } from './fixtures';

const C = DEMO_PARAMS.creditValue;
const others = (...allowed: GroupStatus[]): GroupStatus[] => ALL_GROUP_STATUSES.filter((s) => !allowed.includes(s));

/** Every status but `allowed` makes `act` throw `rule`, naming that status in the message. */
function refusesOtherStatuses(allowed: GroupStatus[], rule: string, act: (g: GroupState) => unknown): void {
  for (const status of others(...allowed))
    it(`refuses a ${status} group with ${rule}`, () =>
      assertRule(() => act(groupIn(status)), rule, [status, allowed[0] ?? '']));
}

describe('createGroupState', () => {
  it('starts a DRAFT with C_1 in force, no assembly and no dates', () => {
    assert.deepEqual(createGroupState(DEMO_PARAMS), {
      status: 'DRAFT',
      params: DEMO_PARAMS,
      creditValueNow: C,
      assembliesHeld: 0,
      publishedOn: null,
      formationDeadline: null,
      constitutedOn: null,
      lastAssemblyOn: null,
      closingNoticesSentOn: null,
      closedOn: null,
      dissolved: false,
    });
  });
});

describe('publishGroup', () => {
  it('moves DRAFT to FORMING with a deadline formationDeadlineDays (90) later', () => {
    const g = publishGroup(groupIn('DRAFT'), '2025-01-10');
    assert.equal(g.status, 'FORMING');
    assert.equal(g.publishedOn, '2025-01-10');
    assert.equal(g.formationDeadline, '2025-04-10');
  });
  it('counts the deadline in calendar days across months and leap years', () => {
    const g = groupIn('DRAFT', { params: { ...DEMO_PARAMS, formationDeadlineDays: 1 } });
    assert.equal(publishGroup(g, '2024-02-28').formationDeadline, '2024-02-29');
    assert.equal(publishGroup(g, '2025-12-31').formationDeadline, '2026-01-01');
  });
  it('leaves the state it was given untouched', () => {
    const g = groupIn('DRAFT');
    const copy = structuredClone(g);
    publishGroup(g, '2025-01-10');
    assert.deepEqual(g, copy);
  });
  refusesOtherStatuses(['DRAFT'], 'group_not_draft', (g) => publishGroup(g, '2025-01-10'));
});

describe('formationExpired', () => {
  const forming = groupIn('FORMING');
  it('is false up to and on the deadline', () => {
    assert.equal(formationExpired(forming, '2025-01-10'), false);
    assert.equal(formationExpired(forming, '2025-04-10'), false);
  });
  it('is true the day after the deadline', () => assert.equal(formationExpired(forming, '2025-04-11'), true));
  for (const status of others('FORMING'))
    it(`is false for a ${status} group`, () => assert.equal(formationExpired(groupIn(status), '2099-01-01'), false));
});

describe('constituteGroup', () => {
  const today = '2025-02-20';
  it('moves FORMING to ACTIVE when the funds cover exactly one draw of C_1', () => {
    const g = constituteGroup(groupIn('FORMING'), { today, commonFund: C - 100n, reserveFund: 100n });
    assert.equal(g.status, 'ACTIVE');
    assert.equal(g.constitutedOn, today);
    assert.equal(g.assembliesHeld, 1); // assembly 1 constituted it (G-08)
  });
  it('refuses one centavo short with constitution_funds, saying how much is missing', () =>
    assertRule(
      () => constituteGroup(groupIn('FORMING'), { today, commonFund: C - 1n, reserveFund: 0n }),
      'constitution_funds',
      ['FORMING', '1 centavos missing'],
    ));
  it('needs drawsPerAssembly × C_1 when more than one draw is planned', () => {
    const g = groupIn('FORMING', { params: { ...DEMO_PARAMS, drawsPerAssembly: 2 } });
    assertRule(() => constituteGroup(g, { today, commonFund: 2n * C - 1n, reserveFund: 0n }), 'constitution_funds', [
      '2 draw(s)',
      '1 centavos missing',
    ]);
    assert.equal(constituteGroup(g, { today, commonFund: C, reserveFund: C }).status, 'ACTIVE');
  });
  it('accepts the last day before the formation deadline passes', () =>
    assert.equal(
      constituteGroup(groupIn('FORMING'), { today: '2025-04-10', commonFund: C, reserveFund: 0n }).status,
      'ACTIVE',
    ));
  it('refuses a group past its formation deadline with formation_expired', () =>
    assertRule(
      () => constituteGroup(groupIn('FORMING'), { today: '2025-04-11', commonFund: C, reserveFund: 0n }),
      'formation_expired',
      ['FORMING', '2025-04-10'],
    ));
  it('rejects negative fund balances as bad input', () =>
    assertInvalid(
      () => constituteGroup(groupIn('FORMING'), { today, commonFund: -1n, reserveFund: -1n }),
      ['common_fund_centavos', 'reserve_fund_centavos'],
    ));
  refusesOtherStatuses(['FORMING'], 'group_not_forming', (g) =>
    constituteGroup(g, { today, commonFund: C, reserveFund: 0n }),
  );
});

describe('cancelGroup', () => {
  it('moves FORMING to CANCELLED and dates the end of the group', () => {
    const g = cancelGroup(groupIn('FORMING'), { today: '2025-04-11' });
    assert.equal(g.status, 'CANCELLED');
    assert.equal(g.closedOn, '2025-04-11');
  });
  refusesOtherStatuses(['FORMING'], 'group_not_forming', (g) => cancelGroup(g, { today: '2025-04-11' }));
});

describe('recordAssemblyHeld', () => {
  it('counts the assemblies whose results are published, idempotently and never backwards', () => {
    const g = recordAssemblyHeld(groupIn('ACTIVE', { assembliesHeld: 1 }), { period: 2, heldOn: '2025-03-13' });
    assert.equal(g.assembliesHeld, 2);
    assert.equal(g.status, 'ACTIVE');
    assert.equal(recordAssemblyHeld(g, { period: 2, heldOn: '2025-03-13' }), g);
    assert.equal(recordAssemblyHeld(g, { period: 1, heldOn: '2025-02-13' }), g);
  });
  it('makes the result of period T the last assembly: WINDING_UP from that day', () => {
    const g = recordAssemblyHeld(groupIn('ACTIVE', { assembliesHeld: 71 }), { period: 72, heldOn: '2031-01-13' });
    assert.deepEqual([g.assembliesHeld, g.status, g.lastAssemblyOn], [72, 'WINDING_UP', '2031-01-13']);
  });
  it('changes nothing outside ACTIVE', () => {
    const g = groupIn('WINDING_UP');
    assert.equal(recordAssemblyHeld(g, { period: 72, heldOn: '2031-01-13' }), g);
  });
});

describe('recordLastAssembly', () => {
  it('moves ACTIVE to WINDING_UP, dating the last assembly', () => {
    const g = recordLastAssembly(groupIn('ACTIVE', { assembliesHeld: 72 }), { heldOn: '2031-01-20' });
    assert.equal(g.status, 'WINDING_UP');
    assert.equal(g.lastAssemblyOn, '2031-01-20');
    assert.equal(g.dissolved, false);
  });
  it('rejects a malformed held_on', () => {
    assertInvalid(() => recordLastAssembly(groupIn('ACTIVE'), { heldOn: '2031-02-30' }), ['held_on']);
    assertInvalid(() => recordLastAssembly(groupIn('ACTIVE'), { heldOn: '20/01/2031' }), ['held_on']);
  });
  refusesOtherStatuses(['ACTIVE'], 'group_not_active', (g) => recordLastAssembly(g, { heldOn: '2031-01-20' }));
});

describe('dissolveGroup', () => {
  it('moves ACTIVE to WINDING_UP with dissolved set; the AGE counts as the last assembly', () => {
    const g = dissolveGroup(groupIn('ACTIVE', { assembliesHeld: 30 }), { votedOn: '2027-08-15' });
    assert.equal(g.status, 'WINDING_UP');
    assert.equal(g.dissolved, true);
    assert.equal(g.lastAssemblyOn, '2027-08-15');
  });
  it('rejects a malformed voted_on', () =>
    assertInvalid(() => dissolveGroup(groupIn('ACTIVE'), { votedOn: '' }), ['voted_on']));
  refusesOtherStatuses(['ACTIVE'], 'group_not_active', (g) => dissolveGroup(g, { votedOn: '2027-08-15' }));
});

describe('recordClosingNotices', () => {
  const winding = groupIn('WINDING_UP'); // last assembly 2031-01-20
  it('records notices sent on the day of the last assembly or later', () => {
    assert.equal(recordClosingNotices(winding, { sentOn: '2031-01-20' }).closingNoticesSentOn, '2031-01-20');
    assert.equal(recordClosingNotices(winding, { sentOn: '2031-03-01' }).closingNoticesSentOn, '2031-03-01');
  });
  it('refuses notices dated before the last assembly', () =>
    assertRule(() => recordClosingNotices(winding, { sentOn: '2031-01-19' }), 'closing_notices_before_last_assembly', [
      'WINDING_UP',
      '2031-01-19',
      '2031-01-20',
    ]));
  it('counts from the dissolution vote for a dissolved group', () => {
    const g = dissolveGroup(groupIn('ACTIVE'), { votedOn: '2027-08-15' });
    assert.equal(recordClosingNotices(g, { sentOn: '2027-08-15' }).closingNoticesSentOn, '2027-08-15');
    assertRule(() => recordClosingNotices(g, { sentOn: '2027-08-14' }), 'closing_notices_before_last_assembly');
  });
  it('returns the same state when the same date is recorded again', () => {
    const g = recordClosingNotices(winding, { sentOn: '2031-02-01' });
    assert.equal(recordClosingNotices(g, { sentOn: '2031-02-01' }), g);
  });
  it('refuses a different date once notices are recorded', () => {
    const g = recordClosingNotices(winding, { sentOn: '2031-02-01' });
    assertRule(() => recordClosingNotices(g, { sentOn: '2031-02-02' }), 'closing_notices_already_recorded', [
      'WINDING_UP',
      '2031-02-01',
    ]);
  });
  it('rejects a malformed sent_on', () =>
    assertInvalid(() => recordClosingNotices(winding, { sentOn: '2031-1-5' }), ['sent_on']));
  refusesOtherStatuses(['WINDING_UP'], 'group_not_winding_up', (g) =>
    recordClosingNotices(g, { sentOn: '2031-02-01' }),
  );
});

describe('closeGroup', () => {
  // Last assembly 2031-01-20 → deadline 2031-05-20; notices 2031-02-01 → earliest 2031-03-03.
  const noticed = groupIn('WINDING_UP', { closingNoticesSentOn: '2031-02-01' });
  it('refuses to close before any closing notice is recorded', () =>
    assertRule(() => closeGroup(groupIn('WINDING_UP'), { today: '2031-04-01' }), 'closing_notices_missing', [
      'WINDING_UP',
    ]));
  it('refuses 29 days after the notices with closing_notice_period', () =>
    assertRule(() => closeGroup(noticed, { today: '2031-03-02' }), 'closing_notice_period', [
      'WINDING_UP',
      '2031-03-03',
    ]));
  it('closes exactly 30 days after the notices', () => {
    const g = closeGroup(noticed, { today: '2031-03-03' });
    assert.equal(g.status, 'CLOSED');
    assert.equal(g.closedOn, '2031-03-03');
  });
  it('closes on the 120th day after the last assembly', () =>
    assert.equal(closeGroup(noticed, { today: '2031-05-20' }).status, 'CLOSED'));
  it('refuses the 121st day after the last assembly with closing_deadline', () =>
    assertRule(() => closeGroup(noticed, { today: '2031-05-21' }), 'closing_deadline', ['WINDING_UP', '2031-05-20']));
  refusesOtherStatuses(['WINDING_UP'], 'group_not_winding_up', (g) => closeGroup(g, { today: '2031-04-01' }));
});

describe('the group state machine (property)', () => {
  const EDGES = new Set([
    'DRAFT>FORMING',
    'FORMING>ACTIVE',
    'FORMING>CANCELLED',
    'ACTIVE>ACTIVE',
    'ACTIVE>WINDING_UP',
    'WINDING_UP>WINDING_UP',
    'WINDING_UP>CLOSED',
  ]);
  type Cmd = (g: GroupState, day: string) => GroupState;
  const commands: Cmd[] = [
    (g, d) => publishGroup(g, d),
    (g, d) => constituteGroup(g, { today: d, commonFund: C, reserveFund: 0n }),
    (g, d) => cancelGroup(g, { today: d }),
    (g, d) => recordLastAssembly(g, { heldOn: d }),
    (g, d) => dissolveGroup(g, { votedOn: d }),
    (g, d) => recordClosingNotices(g, { sentOn: d }),
    (g, d) => closeGroup(g, { today: d }),
  ];
  it('only ever moves along a documented edge, and a refused command changes nothing', () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: commands.length - 1 }), fc.integer({ min: 0, max: 40 })), {
          maxLength: 40,
        }),
        (steps) => {
          let g = createGroupState(DEMO_PARAMS);
          let day = Date.UTC(2025, 0, 1);
          for (const [i, gap] of steps) {
            day += gap * 86_400_000;
            const before = structuredClone(g);
            try {
              const next = (commands[i] as Cmd)(g, new Date(day).toISOString().slice(0, 10));
              if (next.status !== g.status || next !== g)
                assert.ok(EDGES.has(`${g.status}>${next.status}`), `${g.status}>${next.status}`);
              g = next;
            } catch (err) {
              assert.ok(err instanceof DomainError, String(err));
              if (err instanceof RuleViolation) assert.ok(err.message.includes(g.status), err.message);
              assert.deepEqual(g, before);
            }
          }
        },
      ),
    ));
});
