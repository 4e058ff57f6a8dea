import assert from 'node:assert/strict';
import { currentLogContext, runWithLogContext } from '../../../src/log';

describe('runWithLogContext', () => {
  it('makes the context visible to the callback and returns its result', () => {
    const result = runWithLogContext({ correlationId: 'c-1' }, () => currentLogContext().correlationId);
    assert.equal(result, 'c-1');
  });

  it('keeps the context across awaits and timers', async () => {
    const seen = await runWithLogContext({ userId: 'u-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentLogContext().userId;
    });
    assert.equal(seen, 'u-1');
  });

  it('lets nested calls inherit outer values and override some', () => {
    runWithLogContext({ correlationId: 'c-1', userId: 'u-1' }, () => {
      runWithLogContext({ userId: 'u-2' }, () => {
        assert.deepEqual(currentLogContext(), { correlationId: 'c-1', userId: 'u-2' });
      });
      assert.deepEqual(currentLogContext(), { correlationId: 'c-1', userId: 'u-1' });
    });
  });

  it('keeps concurrent calls apart', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        runWithLogContext({ correlationId: id }, async () => {
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          return currentLogContext().correlationId;
        }),
      ),
    );
    assert.deepEqual(results, ['a', 'b', 'c']);
  });
});

describe('currentLogContext', () => {
  it('is empty outside runWithLogContext', () => {
    assert.deepEqual(currentLogContext(), {});
  });
});
