import type { Knex } from 'knex';
import type { NotificationKind } from '../domain/kinds';

/** An integrator's webhook endpoint. */
export interface EndpointRecord {
  id: string;
  url: string;
  secret: string;
  kinds: NotificationKind[];
  enabled: boolean;
  description: string;
  createdAt: Date;
}

interface EndpointRow {
  id: string;
  url: string;
  secret: string;
  kinds: NotificationKind[];
  enabled: boolean;
  description: string;
  created_at: Date;
}

const toRecord = (r: EndpointRow): EndpointRecord => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  kinds: r.kinds,
  enabled: r.enabled,
  description: r.description,
  createdAt: r.created_at,
});

export async function insertEndpoint(
  db: Knex,
  e: Omit<EndpointRecord, 'createdAt' | 'enabled'>,
  createdBy: string,
): Promise<EndpointRecord> {
  const [row] = await db<EndpointRow>('notifications.webhook_endpoints')
    .insert({
      id: e.id,
      url: e.url,
      secret: e.secret,
      kinds: e.kinds,
      description: e.description,
      created_by: createdBy,
    } as Partial<EndpointRow>)
    .returning('*');
  return toRecord(row as EndpointRow);
}

export async function listEndpoints(db: Knex): Promise<EndpointRecord[]> {
  const rows = await db<EndpointRow>('notifications.webhook_endpoints').orderBy('created_at').orderBy('id');
  return rows.map(toRecord);
}

export async function getEndpoint(db: Knex, id: string): Promise<EndpointRecord | undefined> {
  const row = await db<EndpointRow>('notifications.webhook_endpoints').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

export async function disableEndpoint(db: Knex, id: string): Promise<EndpointRecord | undefined> {
  const [row] = await db<EndpointRow>('notifications.webhook_endpoints')
    .where({ id })
    .update({ enabled: false })
    .returning('*');
  return row ? toRecord(row) : undefined;
}

/** The enabled endpoints that want this kind (an endpoint with no kinds wants every kind). */
export async function endpointsFor(trx: Knex, kind: NotificationKind): Promise<{ id: string }[]> {
  return trx('notifications.webhook_endpoints')
    .where({ enabled: true })
    .andWhere((q) => void q.whereRaw('cardinality(kinds) = 0').orWhereRaw('? = any(kinds)', [kind]))
    .select('id');
}
