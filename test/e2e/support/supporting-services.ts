import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as amqp from 'amqplib';
import { deleteConsumerQueues } from '@consorcio/shared/harness';
import type { Clock } from '@consorcio/shared/clock';
import type { Authenticator } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import { LocalDiskStore } from '@consorcio/shared/storage';

import { startDocumentsService, type RunningDocumentsService } from '../../../services/documents/src/service';
import { groupsContactBook } from '../../../services/notifications/src/channels/contacts';
import { smtpTransport } from '../../../services/notifications/src/channels/email';
import { INBOUND_QUEUE as NOTIFICATIONS_QUEUE } from '../../../services/notifications/src/events/subscriptions';
import {
  startNotificationsService,
  type RunningNotificationsService,
} from '../../../services/notifications/src/service';
import { startSettingsService, type RunningSettingsService } from '../../../services/settings/src/service';
import { startSmtpSink, type SmtpSink } from '../../../services/notifications/test/support/smtp-sink';

/** What every in-process service of the e2e platform shares: the test servers, the clock, the exchange, the keys. */
export interface CommonOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  exchange: string;
  relayPollMs: number;
  retryDelaysMs: readonly number[];
  authenticate: Authenticator;
}

/**
 * The settings service, and for each service the client options that have it load its settings from it at start
 * and follow their changes (as that service, with its own SERVICE token).
 */
export async function startSettings(
  common: CommonOptions,
  serviceToken: (service: string) => { token(): Promise<string> },
): Promise<{ settings: RunningSettingsService; settingsFor: (service: string) => SettingsClientOptions }> {
  const settings = await startSettingsService(common);
  const settingsFor = (service: string) => {
    const token = serviceToken(service);
    return { address: settings.grpc.address, bearerToken: () => token.token() };
  };
  return { settings, settingsFor };
}

/** Notifications (with the SMTP server it sends to) and documents, running beside the rest of the platform. */
export interface SupportingServices {
  notifications: RunningNotificationsService;
  documents: RunningDocumentsService;
  smtp: SmtpSink;
  stop(): Promise<void>;
}

/**
 * Starts notifications — e-mail to a real SMTP server (`smtp-server`) in this process, members' contacts read from
 * groups' GetMember with notifications' own SERVICE token — and documents on a disk store of its own directory.
 * Their inbound queues outlive a run, so they start empty (retry and parked queues included).
 */
export async function startSupportingServices(
  common: CommonOptions,
  o: {
    channel: amqp.Channel;
    groupsAddress: string;
    serviceToken: (service: string) => { token(): Promise<string> };
    settingsFor: (service: string) => SettingsClientOptions;
  },
): Promise<SupportingServices> {
  await deleteConsumerQueues(o.channel, [NOTIFICATIONS_QUEUE, 'documents.inbound']);
  const smtp = await startSmtpSink();
  const token = o.serviceToken('notifications');
  const contacts = groupsContactBook(o.groupsAddress, () => token.token());
  const notifications = await startNotificationsService({
    ...common,
    contacts,
    mail: smtpTransport(smtp.url),
    mailFrom: 'Consórcio E2E <avisos@consorcio.test>',
    retry: { maxAttempts: 5, baseMs: 40, capMs: 200 },
    deliveryPollMs: 50,
    settings: o.settingsFor('notifications'),
  });
  await notifications.consuming;
  const documents = await startDocumentsService({
    ...common,
    store: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'e2e-documents-service-'))),
    retention: { yearsAfterClosing: 5, unboundDays: 365 },
    purgeIntervalMs: 3_600_000,
    settings: o.settingsFor('documents'),
  });
  await documents.consuming;
  return {
    notifications,
    documents,
    smtp,
    async stop() {
      await documents.stop();
      await notifications.stop();
      contacts.close();
      await smtp.close();
    },
  };
}
