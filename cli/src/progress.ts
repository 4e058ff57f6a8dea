/**
 * Progress of a long command. On a terminal one line redrawn in place (`\r[#####.....] 50% 50/100`); anywhere else
 * (a CI log, a file) a plain line each time another 10 % is done, because carriage returns make logs unreadable.
 */

export interface ProgressOptions {
  total: number;
  /** Where to write: stdout, or stderr when stdout carries JSON. */
  out: { write(text: string): unknown };
  /** Whether `out` is a terminal (redraw in place) or not (one line every 10 %). */
  tty: boolean;
  /** Characters of the bar. */
  width?: number;
}

export interface Progress {
  /** Records `n` more items done. */
  tick(n?: number): void;
  /** Ends the bar's line (a terminal needs the newline the redraws left out). */
  done(): void;
}

export function progressBar(o: ProgressOptions): Progress {
  const width = o.width ?? 10;
  let done = 0;
  let lastDecile = 0;
  let finished = false;
  const percent = (): number => (o.total === 0 ? 100 : Math.floor((done * 100) / o.total));

  const draw = (): void => {
    if (o.tty) {
      const filled = o.total === 0 ? width : Math.floor((done * width) / o.total);
      o.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent()}% ${done}/${o.total}`);
      return;
    }
    // Plain mode: only when a new tenth is reached, so 10 000 items print 10 lines, not 10 000.
    const decile = Math.floor(percent() / 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      o.out.write(`progress ${percent()}% ${done}/${o.total}\n`);
    }
  };

  if (o.tty) draw();
  return {
    tick(n = 1) {
      done = Math.min(o.total, done + n);
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (o.tty) o.out.write('\n');
    },
  };
}
