// The notifications service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig, loadSigningKey, serviceToken } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { groupsContactBook } from './channels/contacts';
import { fileTransport, smtpTransport } from './channels/email';
import { httpMessageProvider } from './channels/http-message-provider';
import { notificationsConfig } from './config';
import { startNotificationsService } from './service';

runService('notifications service', () => {
  const config = notificationsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const tokens = serviceToken('notifications', loadSigningKey(config.SERVICE_PRIVATE_KEY), {
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      });
      const contacts = groupsContactBook(config.GROUPS_GRPC_ADDR, () => tokens.token());
      const provider = (url: string | undefined, token: string | undefined) =>
        url ? httpMessageProvider({ url, ...(token ? { token } : {}) }) : undefined;
      const service = await startNotificationsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        contacts,
        mail: config.SMTP_URL ? smtpTransport(config.SMTP_URL) : fileTransport(config.NOTIFICATIONS_MAIL_DIR),
        mailFrom: config.NOTIFICATIONS_MAIL_FROM,
        sms: provider(config.NOTIFICATIONS_SMS_URL, config.NOTIFICATIONS_SMS_TOKEN),
        push: provider(config.NOTIFICATIONS_PUSH_URL, config.NOTIFICATIONS_PUSH_TOKEN),
        channels: config.NOTIFICATIONS_CHANNELS,
        retry: { maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS, baseMs: config.NOTIFICATIONS_RETRY_BASE_MS },
        deliveryPollMs: config.NOTIFICATIONS_DELIVERY_POLL_MS,
        allowHttpWebhooks: config.NOTIFICATIONS_WEBHOOK_ALLOW_HTTP,
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      log.info({ payload: { mail: config.SMTP_URL ? 'smtp' : 'files' } }, 'notifications ready');
      return {
        stop: async () => {
          await service.stop();
          await time.close();
          contacts.close();
        },
        describe: { address: service.grpc.address },
      };
    },
  };
});
