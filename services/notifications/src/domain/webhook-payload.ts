import type { NotificationFacts } from './facts';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Plain JSON of the facts: snake_case keys (as the REST API), bigints as decimal strings (no parser rounds them). */
function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toJson(v)]));
  }
  return value;
}

/**
 * A webhook's JSON body: the delivery id, the kind, the event it came from and the facts (ids, numbers, amounts in
 * centavos, dates `YYYY-MM-DD`). No personal data.
 */
export function webhookBody(deliveryId: string, eventId: string, occurredAt: Date, facts: NotificationFacts): string {
  const { kind, ...data } = facts;
  return JSON.stringify({
    id: deliveryId,
    type: kind,
    event_id: eventId,
    occurred_at: occurredAt.toISOString(),
    data: toJson(data),
  });
}
