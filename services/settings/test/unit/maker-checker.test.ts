import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import {
  checkConfirmation,
  checkDiffers,
  checkDirectChange,
  checkExpectedVersion,
  checkReason,
  checkRejection,
  type ChangeFacts,
} from '../../src/domain/maker-checker';

const pending = (over: Partial<ChangeFacts> = {}): ChangeFacts => ({
  status: 'PENDING',
  proposedBy: 'user-a',
  baseVersion: 2n,
  ...over,
});

function ruleOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RuleViolation, `expected a RuleViolation, got ${String(err)}`);
    return err.rule;
  }
  assert.fail('expected a RuleViolation');
}

describe('maker-checker rules', () => {
  it('lets another operator confirm a pending change at its version', () => {
    assert.equal(checkConfirmation(pending(), 'user-b', 2n), 'apply');
  });

  it('refuses the proposer confirming their own change (maker_checker), whatever else holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.bigInt({ min: 0n, max: 1000n }), (user, version) => {
        const rule = ruleOf(() =>
          checkConfirmation(pending({ proposedBy: user, baseVersion: version }), user, version),
        );
        return rule === 'maker_checker';
      }),
    );
    assert.match(
      (() => {
        try {
          checkConfirmation(pending(), 'user-a', 2n);
        } catch (err) {
          return (err as Error).message;
        }
        return '';
      })(),
      /^maker_checker: the operator who proposed a change cannot confirm it/,
    );
  });

  it('refuses a proposal the setting moved on from (stale_proposal)', () => {
    assert.equal(
      ruleOf(() => checkConfirmation(pending(), 'user-b', 3n)),
      'stale_proposal',
    );
    assert.equal(
      ruleOf(() => checkConfirmation(pending({ status: 'SUPERSEDED' }), 'user-b', 2n)),
      'stale_proposal',
    );
  });

  it('answers an applied change again (a retried confirmation) and refuses a rejected one', () => {
    assert.equal(checkConfirmation(pending({ status: 'APPLIED' }), 'user-b', 3n), 'done');
    assert.equal(
      ruleOf(() => checkConfirmation(pending({ status: 'REJECTED' }), 'user-b', 2n)),
      'change_rejected',
    );
  });

  it('rejects only pending changes; a rejection repeated answers the same', () => {
    assert.equal(checkRejection(pending()), 'reject');
    assert.equal(checkRejection(pending({ status: 'REJECTED' })), 'done');
    assert.equal(
      ruleOf(() => checkRejection(pending({ status: 'APPLIED' }))),
      'change_applied',
    );
    assert.equal(
      ruleOf(() => checkRejection(pending({ status: 'SUPERSEDED' }))),
      'stale_proposal',
    );
  });

  it('refuses a direct change of a money setting (maker_checker_required) and allows the others', () => {
    assert.equal(
      ruleOf(() => checkDirectChange('groups.plan_defaults.late_fine_pct')),
      'maker_checker_required',
    );
    assert.equal(
      ruleOf(() => checkDirectChange('groups.plan_defaults.late_interest_monthly_pct')),
      'maker_checker_required',
    );
    checkDirectChange('notifications.sms.enabled');
    checkDirectChange('documents.upload.max_bytes');
  });

  it('refuses a change to the value already in force, and a change against another version', () => {
    assert.throws(() => checkDiffers('notifications.sms.enabled', 'true', 'true'), ValidationError);
    checkDiffers('notifications.sms.enabled', 'false', 'true');
    assert.equal(
      ruleOf(() => checkExpectedVersion('notifications.sms.enabled', 2n, 1n)),
      'version_mismatch',
    );
    checkExpectedVersion('notifications.sms.enabled', 2n, 2n);
    checkExpectedVersion('notifications.sms.enabled', 2n, undefined);
  });

  it('trims reasons and bounds their length', () => {
    assert.equal(checkReason('  AGE 2026/11  '), 'AGE 2026/11');
    assert.throws(() => checkReason('x'.repeat(501)), ValidationError);
  });
});
