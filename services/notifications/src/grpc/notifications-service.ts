import type { NotificationsServiceServer } from '@consorcio/shared/gen/consorcio/notifications/v1/notifications_service';
import { NotFoundError } from '@consorcio/shared/errors';
import { nextPageToken, readPage, withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import { isUuid } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import type { NotificationsDeps } from '../app/deps';
import { getPreferences, updatePreferences } from '../app/preferences';
import { disableWebhookEndpoint, registerEndpoint } from '../app/webhook-endpoints';
import { getEndpoint, listEndpoints } from '../db/endpoints-repo';
import { attemptsOf, getNotification, listNotifications } from '../db/notifications-repo';
import { selfOrReader, selfOrStaff, staffOnly, staffOrAuditor } from './access';
import {
  attemptToProto,
  endpointToProto,
  kindFromProto,
  memberChannelFromProto,
  notificationToProto,
  preferencesToProto,
} from './mappers';

const isCursor = (v: unknown): v is string => typeof v === 'string' && isUuid(v);
const actorOf = (ctx: CallContext) => ctx.principal?.userId ?? 'anonymous';

/** The NotificationsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function notificationsServiceHandlers(
  deps: NotificationsDeps,
  opts: { allowHttpWebhooks: boolean },
): UnaryHandlers<NotificationsServiceServer> {
  const { db } = deps;
  const page = async (
    filter: { member_id: string } | { endpoint_id: string },
    req: { page?: { pageSize: number; pageToken: string } | undefined },
  ) => {
    const p = readPage(req.page, isCursor);
    const rows = await listNotifications(db, filter, p.limit, p.after);
    return {
      notifications: rows.map(notificationToProto),
      page: { nextPageToken: nextPageToken(rows, p.limit, (r) => r.id) },
    };
  };
  return withPolicies<NotificationsServiceServer>(
    {
      getPreferences: (ctx, req) => selfOrStaff(ctx, req.memberId),
      updatePreferences: (ctx, req) => selfOrStaff(ctx, req.memberId),
      listNotifications: (ctx, req) => selfOrReader(ctx, req.memberId),
      listDeliveryAttempts: staffOrAuditor,
      registerWebhookEndpoint: staffOnly,
      listWebhookEndpoints: staffOnly,
      disableWebhookEndpoint: staffOnly,
      listWebhookDeliveries: staffOrAuditor,
    },
    {
      getPreferences: async (req) => ({ preferences: preferencesToProto(await getPreferences(deps, req.memberId)) }),
      updatePreferences: async (req, ctx) => {
        const changes = req.channels.map((c, i) => ({
          channel: memberChannelFromProto(c.channel, `channels[${i}].channel`),
          enabled: c.enabled,
        }));
        return { preferences: preferencesToProto(await updatePreferences(deps, req.memberId, changes, actorOf(ctx))) };
      },
      listNotifications: async (req) => {
        requireId('member_id', req.memberId);
        return page({ member_id: req.memberId }, req);
      },
      listDeliveryAttempts: async (req) => {
        requireId('notification_id', req.notificationId);
        if (!(await getNotification(db, req.notificationId)))
          throw new NotFoundError('notification', req.notificationId);
        return { attempts: (await attemptsOf(db, req.notificationId)).map(attemptToProto) };
      },
      registerWebhookEndpoint: async (req, ctx) => {
        const r = await registerEndpoint(
          deps,
          {
            url: req.url,
            secret: req.secret,
            kinds: req.kinds.map((k, i) => kindFromProto(k, `kinds[${i}]`)),
            description: req.description,
          },
          actorOf(ctx),
          opts.allowHttpWebhooks,
        );
        return { endpoint: endpointToProto(r.endpoint), secret: r.secret };
      },
      listWebhookEndpoints: async () => ({ endpoints: (await listEndpoints(db)).map(endpointToProto) }),
      disableWebhookEndpoint: async (req) => ({
        endpoint: endpointToProto(await disableWebhookEndpoint(deps, req.endpointId)),
      }),
      listWebhookDeliveries: async (req) => {
        requireId('endpoint_id', req.endpointId);
        if (!(await getEndpoint(db, req.endpointId))) throw new NotFoundError('webhook endpoint', req.endpointId);
        return page({ endpoint_id: req.endpointId }, req);
      },
    },
  );
}
