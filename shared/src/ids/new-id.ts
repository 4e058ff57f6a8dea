import { randomFillSync } from 'node:crypto';
import { ValidationError } from '../errors';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUIDV7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_COUNTER = 0xfff;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Random bytes are drawn in batches: one syscall per 256 ids instead of one per id.
const POOL = new Uint8Array(256 * 10);
let poolOffset = POOL.length;
function randomBytes10(): Uint8Array {
  if (poolOffset >= POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const out = POOL.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return out;
}

let lastMs = -1;
let counter = 0;

/**
 * A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, a 12-bit counter in rand_a, variant
 * 10 and 62 random bits. Ids from one process sort (as strings or bytes) in creation order: within a
 * millisecond the counter increases; if it overflows, or the system clock steps back, the timestamp
 * is carried forward from the last id instead of going backwards.
 */
export function newId(): string {
  const rnd = randomBytes10();
  let ms = Date.now();
  if (ms > lastMs) {
    // Seed below 0x800 so at least 2048 more ids fit in this millisecond (RFC 9562 §6.2, method 1).
    counter = ((rnd[0] as number) << 3) | ((rnd[1] as number) & 0x7);
    lastMs = ms;
  } else if (counter < MAX_COUNTER) {
    counter++;
    ms = lastMs;
  } else {
    lastMs += 1;
    ms = lastMs;
    counter = ((rnd[0] as number) << 3) | ((rnd[1] as number) & 0x7);
  }

  const b = new Uint8Array(16);
  // 48-bit big-endian timestamp; split because bitwise ops are 32-bit.
  const high = Math.floor(ms / 0x100000000);
  const low = ms >>> 0;
  b[0] = (high >>> 8) & 0xff;
  b[1] = high & 0xff;
  b[2] = (low >>> 24) & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  b[6] = 0x70 | (counter >>> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | ((rnd[2] as number) & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = rnd[i - 6] as number;

  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i] as number];
  }
  return s;
}

/** True when `s` is a UUID in canonical 8-4-4-4-12 hex form (any version, either case). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_PATTERN.test(s);
}

/** The Unix time in milliseconds encoded in a UUIDv7; throws ValidationError for anything else. */
export function uuidv7Timestamp(id: string): number {
  if (!UUIDV7_PATTERN.test(id)) throw new ValidationError('id', 'must be a UUIDv7');
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
