import assert from 'node:assert/strict';
import { progressBar } from '../src/progress';

function capture() {
  let text = '';
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

describe('cli: the progress bar', () => {
  it('prints a plain line each time another 10 % is done when the output is not a terminal', () => {
    const c = capture();
    const p = progressBar({ total: 100, out: c.out, tty: false });
    for (let i = 0; i < 100; i++) p.tick();
    p.done();
    const lines = c.text().split('\n').filter(Boolean);
    assert.equal(lines.length, 10);
    assert.equal(lines[0], 'progress 10% 10/100');
    assert.equal(lines[4], 'progress 50% 50/100');
    assert.equal(lines[9], 'progress 100% 100/100');
    assert.ok(!c.text().includes('\r'), 'no carriage return in a log');
  });

  it('prints every step of a small total once, and 100 % at the end', () => {
    const c = capture();
    const p = progressBar({ total: 7, out: c.out, tty: false });
    for (let i = 0; i < 7; i++) p.tick();
    p.done();
    assert.deepEqual(c.text().split('\n').filter(Boolean), [
      'progress 14% 1/7',
      'progress 28% 2/7',
      'progress 42% 3/7',
      'progress 57% 4/7',
      'progress 71% 5/7',
      'progress 85% 6/7',
      'progress 100% 7/7',
    ]);
  });

  it('prints nothing for nothing to do, and never goes past the total', () => {
    const empty = capture();
    progressBar({ total: 0, out: empty.out, tty: false }).done();
    assert.equal(empty.text(), '');
    const over = capture();
    const p = progressBar({ total: 2, out: over.out, tty: false });
    p.tick(5);
    assert.equal(over.text(), 'progress 100% 2/2\n');
  });

  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const c = capture();
    const p = progressBar({ total: 100, out: c.out, tty: true });
    p.tick(50);
    assert.ok(c.text().endsWith('\r[#####.....] 50% 50/100'));
    p.tick(50);
    p.done();
    p.done();
    assert.ok(c.text().endsWith('\r[##########] 100% 100/100\n'));
    assert.ok(c.text().startsWith('\r[..........] 0% 0/100'));
  });
});
