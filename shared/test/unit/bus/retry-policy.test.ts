import assert from 'node:assert/strict';
import { ConflictError, ValidationError } from '../../../src/errors';
import { describeError, MAX_ERROR_LENGTH, routeFailure } from '../../../src/bus';

describe('bus: routeFailure (retry routing decision)', () => {
  const delays = [100, 200, 300];

  it('sends a transient failure to the next delay queue', () => {
    assert.deepEqual(routeFailure('billing.on-group', 0, new Error('db down'), delays), {
      action: 'retry',
      queue: 'billing.on-group.retry.1',
      attempt: 1,
      delayMs: 100,
    });
    assert.deepEqual(routeFailure('billing.on-group', 2, new ConflictError('race'), delays), {
      action: 'retry',
      queue: 'billing.on-group.retry.3',
      attempt: 3,
      delayMs: 300,
    });
  });

  it('parks after the last delay queue', () => {
    assert.deepEqual(routeFailure('q', 3, new Error('still down'), delays), {
      action: 'park',
      queue: 'q.parked',
      attempt: 4,
    });
  });

  it('parks a permanent error at once', () => {
    assert.deepEqual(routeFailure('q', 0, new ValidationError('x', 'bad'), delays), {
      action: 'park',
      queue: 'q.parked',
      attempt: 1,
    });
  });

  it('parks at once when there are no delay queues', () => {
    assert.equal(routeFailure('q', 0, new Error('x'), []).action, 'park');
  });
});

describe('bus: describeError', () => {
  it('names the error and cuts long messages', () => {
    assert.equal(
      describeError(new ValidationError('amount', 'must be positive')),
      'ValidationError: amount: must be positive',
    );
    const long = describeError(new Error('x'.repeat(5000)));
    assert.equal(long.length, MAX_ERROR_LENGTH);
    assert.ok(long.endsWith('…'));
    assert.equal(describeError('boom'), 'non-error thrown: boom');
  });
});
