/** Turns a cached value into a string and back. */
export interface Codec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

const BIGINT_TAG = '$bigint';

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const tagged = (value as Record<string, unknown>)[BIGINT_TAG];
  return keys.length === 1 && typeof tagged === 'string' && /^-?\d+$/.test(tagged) ? BigInt(tagged) : value;
}

/**
 * JSON that round-trips bigints (money in centavos), written as {"$bigint":"123"}. Like plain
 * JSON it does not revive Dates (they come back as ISO strings) nor keep undefined properties.
 */
export function bigintJsonCodec<T>(): Codec<T> {
  return {
    encode: (value) => JSON.stringify(value, replacer),
    decode: (text) => JSON.parse(text, reviver) as T,
  };
}
