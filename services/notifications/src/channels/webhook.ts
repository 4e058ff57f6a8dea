import type { Knex } from 'knex';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '../domain/webhook-signature';
import { getEndpoint } from '../db/endpoints-repo';
import type { NotificationRow } from '../db/notifications-repo';
import { postJson, type ChannelSender } from './channel-sender';

/**
 * Webhooks: POST the stored JSON body to the endpoint, signed now (`X-Consorcio-Signature: t=…,v1=…`) with the
 * delivery id in `X-Consorcio-Delivery-Id`. Any non-2xx answer is retried (integrators' endpoints come back);
 * a disabled endpoint is skipped.
 */
export function webhookSender(db: Knex, o: { timeoutMs?: number; nowSeconds?: () => number } = {}): ChannelSender {
  const nowSeconds = o.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return async (n: NotificationRow) => {
    const endpoint = n.endpoint_id ? await getEndpoint(db, n.endpoint_id) : undefined;
    if (!endpoint?.enabled || n.payload === null) return { ok: false, skipped: true, error: 'endpoint disabled' };
    const headers = {
      [SIGNATURE_HEADER]: signWebhook(endpoint.secret, n.payload, nowSeconds()),
      [DELIVERY_ID_HEADER]: n.id,
      'user-agent': 'consorcio-webhooks/1',
    };
    const res = await postJson(endpoint.url, n.payload, headers, o.timeoutMs ?? 10_000);
    if ('error' in res) return { ok: false, permanent: false, error: res.error };
    if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
    return { ok: false, permanent: false, error: `endpoint answered HTTP ${res.status}`, httpStatus: res.status };
  };
}
