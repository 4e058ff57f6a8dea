import { LeasedLoop } from '@consorcio/shared/bus';
import type { Clock } from '@consorcio/shared/clock';
import { NotificationsServiceService } from '@consorcio/shared/gen/consorcio/notifications/v1/notifications_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import { deliverDue } from './app/deliver';
import { SCHEMA, type NotificationSettings, type NotificationsDeps } from './app/deps';
import type { ContactBook } from './channels/contacts';
import { emailSender, type MailTransport } from './channels/email';
import { pushSender, smsSender, type MessageProvider } from './channels/http-message-provider';
import { webhookSender } from './channels/webhook';
import type { ChannelSender } from './channels/channel-sender';
import { ALL_CHANNELS, type Channel } from './domain/kinds';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './domain/backoff';
import { DUE_SOON_REMINDER, dueSoonHandler } from './events/due-soon';
import { notificationSubscriptions } from './events/subscriptions';
import { notificationsServiceHandlers } from './grpc/notifications-service';

export const NOTIFICATIONS_SERVICE_NAME = 'consorcio.notifications.v1.NotificationsService';

export interface NotificationsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  /** Members' contact data (groups' GetMember). */
  contacts: ContactBook;
  /** E-mail: SMTP or files. */
  mail: MailTransport;
  mailFrom: string;
  /** SMS and push gateways; a channel without one is off (no rows are created for it). */
  sms?: MessageProvider | undefined;
  push?: MessageProvider | undefined;
  /** The channels allowed (default all; SMS and push also need their gateway and their switch in settings). */
  channels?: readonly Channel[];
  retry?: Partial<RetryPolicy>;
  /** Fixes the reminder's lead (tests); otherwise the setting `notifications.due_soon_days`, read when used. */
  dueSoonDays?: number;
  deliveryPollMs?: number;
  allowHttpWebhooks?: boolean;
  /** Where the settings service is (channel switches, the reminder's lead); absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  reminderPollMs?: number;
  healthIntervalMs?: number;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningNotificationsService {
  grpc: RunningGrpcServer;
  deps: NotificationsDeps;
  consuming: Promise<void>;
  /** Fires the due-soon reminders due by the clock now (tests and simulations). */
  fireDueReminders(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The whole notifications service in one process: the gRPC API (preferences, history, webhook endpoints), the
 * consumer turning events into PENDING notifications in its transaction, the due-soon reminders, and the delivery
 * worker (one replica at a time) sending them by e-mail, SMS, push and webhooks with retries and a delivery log.
 */
export async function startNotificationsService(o: NotificationsServiceOptions): Promise<RunningNotificationsService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 12 });
  // SMS and push need their gateway; a channel left out of `channels` gets no rows at all.
  const configured = (c: Channel) => (c === 'SMS' ? !!o.sms : c === 'PUSH' ? !!o.push : true);
  const allowed = (o.channels ?? ALL_CHANNELS).filter(configured);
  // The settings service switches SMS and push off and sets the reminder's lead, live (no restart).
  const live = runtime.settings;
  const switchedOn = (c: Channel) =>
    c === 'SMS'
      ? live.bool('notifications.sms.enabled')
      : c === 'PUSH'
        ? live.bool('notifications.push.enabled')
        : true;
  const settings: NotificationSettings = {
    channels: () => allowed.filter(switchedOn),
    retry: { ...DEFAULT_RETRY_POLICY, ...o.retry },
    dueSoonDays: () => o.dueSoonDays ?? live.int('notifications.due_soon_days'),
  };
  const deps: NotificationsDeps = { db: runtime.db, clock: o.clock, log: o.log, settings };
  const senders: Partial<Record<Channel, ChannelSender>> = {
    EMAIL: emailSender(o.mail, o.contacts, o.mailFrom),
    WEBHOOK: webhookSender(runtime.db),
    ...(o.sms ? { SMS: smsSender(o.sms, o.contacts) } : {}),
    ...(o.push ? { PUSH: pushSender(o.push) } : {}),
  };
  const delivery = new LeasedLoop({
    db: runtime.db,
    leaseName: 'notifications.delivery',
    pollMs: o.deliveryPollMs ?? 500,
    tick: () => deliverDue({ db: runtime.db, senders, retry: settings.retry, log: o.log, clock: o.clock }),
    log: o.log,
    label: 'notification delivery',
  });
  const running = await runtime.serve({
    bindings: [
      bindService(
        NotificationsServiceService,
        NOTIFICATIONS_SERVICE_NAME,
        notificationsServiceHandlers(deps, { allowHttpWebhooks: o.allowHttpWebhooks ?? false }),
      ),
    ],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: notificationSubscriptions(settings, o.clock),
    workers: [delivery],
    reminders: {
      clock: o.clock,
      handlers: { [DUE_SOON_REMINDER]: dueSoonHandler(settings.channels) },
      ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
    },
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
    onStop: () => o.mail.close(),
  });
  return {
    grpc: running.grpc,
    deps,
    consuming: running.consuming,
    fireDueReminders: () => running.reminders?.fireDue() ?? Promise.resolve(0),
    stop: () => running.stop(),
  };
}
