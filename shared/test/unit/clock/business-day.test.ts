import assert from 'node:assert/strict';
import { isBusinessDay, nextBusinessDay } from '../../../src/clock';

const none: ReadonlySet<string> = new Set();

describe('isBusinessDay', () => {
  it('is true Monday to Friday and false on weekends', () => {
    assert.equal(isBusinessDay('2025-04-07', none), true);
    assert.equal(isBusinessDay('2025-04-11', none), true);
    assert.equal(isBusinessDay('2025-04-05', none), false);
    assert.equal(isBusinessDay('2025-04-06', none), false);
  });

  it('is false on a weekday listed as a holiday', () => {
    assert.equal(isBusinessDay('2025-04-21', new Set(['2025-04-21'])), false);
  });
});

describe('nextBusinessDay', () => {
  it('moves Saturday 2025-04-05 to Monday 2025-04-07', () => {
    assert.equal(nextBusinessDay('2025-04-05', none), '2025-04-07');
  });

  it('moves Saturday 2025-07-05 to Monday 2025-07-07', () => {
    assert.equal(nextBusinessDay('2025-07-05', none), '2025-07-07');
  });

  it('returns the date itself when it is a business day', () => {
    assert.equal(nextBusinessDay('2025-04-07', none), '2025-04-07');
  });

  it('skips holidays that follow a weekend', () => {
    // Tiradentes (Mon 2025-04-21) after the Easter weekend
    assert.equal(nextBusinessDay('2025-04-19', new Set(['2025-04-18', '2025-04-21'])), '2025-04-22');
  });
});
