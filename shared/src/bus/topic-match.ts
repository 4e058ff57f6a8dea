/**
 * True when an AMQP topic `pattern` matches `routingKey`: words are separated by dots, `*`
 * matches exactly one word and `#` zero or more.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(p: string[], i: number, k: string[], j: number): boolean {
  if (i === p.length) return j === k.length;
  const word = p[i];
  if (word === '#') {
    for (let skip = j; skip <= k.length; skip++) if (matchWords(p, i + 1, k, skip)) return true;
    return false;
  }
  if (j === k.length) return false;
  return (word === '*' || word === k[j]) && matchWords(p, i + 1, k, j + 1);
}

/**
 * The handler for `routingKey` in a map keyed by exact routing keys or topic patterns: an exact key
 * wins, then the first matching pattern in the map's order.
 */
export function findHandler<H>(handlers: Readonly<Record<string, H>>, routingKey: string): H | undefined {
  if (Object.hasOwn(handlers, routingKey)) return handlers[routingKey];
  for (const [pattern, handler] of Object.entries(handlers)) {
    if (topicMatches(pattern, routingKey)) return handler;
  }
  return undefined;
}
