import { serviceAuthConfig } from '@consorcio/shared/auth';
import {
  baseServiceConfig,
  bool,
  configOnce,
  field,
  int,
  loadConfig,
  optional,
  optionalStr,
  port,
  str,
  url,
} from '@consorcio/shared/config';
import { settingsClientConfig } from '@consorcio/shared/settings';
import { ALL_CHANNELS, isChannel, type Channel } from './domain/kinds';

/** `EMAIL, webhook` → the channels; undefined (reported by the field) for an unknown name. */
function channelList(raw: string): Channel[] | undefined {
  const names = raw
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  return names.every(isChannel) ? names : undefined;
}

/** The notifications service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const notificationsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional): the SMS and push switches and the reminder's lead follow the settings service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'notifications' }),
    GRPC_PORT: port({ default: 50056 }),
    /** Where groups listens: members' contact data is read from it (GetMember) at send time. */
    GROUPS_GRPC_ADDR: str({ default: '127.0.0.1:50051' }),
    /** The Ed25519 private key (PEM) this service signs its calls to other services with (role SERVICE). */
    SERVICE_PRIVATE_KEY: str(),
    /** SMTP server for e-mail (`smtp://user:pass@host:587`, `smtps://…`); empty: e-mails are written to files. */
    SMTP_URL: optional(url({ protocols: ['smtp', 'smtps'] })),
    /** Where e-mails go as `.eml` files when SMTP_URL is empty. */
    NOTIFICATIONS_MAIL_DIR: str({ default: '.data/mail' }),
    /** The From of every e-mail. */
    NOTIFICATIONS_MAIL_FROM: str({ default: 'Consórcio <nao-responda@consorcio.local>' }),
    /** SMS gateway (POST JSON, bearer token); empty: no SMS. */
    NOTIFICATIONS_SMS_URL: optional(url({ protocols: ['http', 'https'] })),
    NOTIFICATIONS_SMS_TOKEN: optionalStr(),
    /** Push gateway (POST JSON, bearer token); empty: no push. */
    NOTIFICATIONS_PUSH_URL: optional(url({ protocols: ['http', 'https'] })),
    NOTIFICATIONS_PUSH_TOKEN: optionalStr(),
    /** The channels notified, comma-separated (SMS and PUSH also need their gateway's URL). */
    NOTIFICATIONS_CHANNELS: field('must be a comma-separated list of EMAIL, SMS, PUSH, WEBHOOK', channelList, {
      default: [...ALL_CHANNELS],
    }),
    /** Attempts per notification before it is FAILED. */
    NOTIFICATIONS_MAX_ATTEMPTS: int({ default: 8, min: 1, max: 50 }),
    /** The first retry waits up to this long (full jitter, doubling up to an hour), ms. */
    NOTIFICATIONS_RETRY_BASE_MS: int({ default: 2_000, min: 10, max: 3_600_000 }),
    /** How often the delivery worker looks for due notifications, ms. */
    NOTIFICATIONS_DELIVERY_POLL_MS: int({ default: 500, min: 20, max: 60_000 }),
    /** Accept http:// webhook endpoints on any host (a private network); otherwise https, or http on loopback. */
    NOTIFICATIONS_WEBHOOK_ALLOW_HTTP: bool({ default: false }),
  }),
);
