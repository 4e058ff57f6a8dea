import type { Clock } from '@consorcio/shared/clock';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import type { ReminderScheduler } from '@consorcio/shared/actors';
import { GroupsServiceService } from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import { GROUPS_SUBSCRIPTIONS } from './events/subscriptions';
import { groupsServiceHandlers } from './grpc/groups-service';
import { SCHEMA } from './app/deps';
import { FORMATION_DEADLINE_REMINDER, formationDeadlineHandler } from './app/formation-deadline';
import { personalDataReencryptionJob } from './app/personal-data-job';

export const GROUPS_SERVICE_NAME = 'consorcio.groups.v1.GroupsService';

export interface GroupsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  /** Verifies callers' access tokens (see `authenticatorFromConfig`). */
  authenticate: Authenticator;
  /** The keys that encrypt members' personal data and its blind index (`personalDataKeysFromConfig`). */
  personalData: PersonalDataKeys;
  /** Pause of the background re-encryption job between checks, ms (default 60 000). */
  reencryptIntervalMs?: number;
  /** Where the settings service is (plan defaults of new groups follow it); absent: built-in defaults. */
  settings?: SettingsClientOptions | undefined;
  /** Exchange the relay publishes to and the consumer reads from (default consorcio.events). */
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  reminderPollMs?: number;
  /** Serve Prometheus metrics on this port (127.0.0.1) when set. */
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningGroupsService {
  grpc: RunningGrpcServer;
  /** The durable timers of this service (tests and simulations call `fireDue()` after moving the clock). */
  reminders: ReminderScheduler;
  stop(): Promise<void>;
}

/**
 * The whole groups service in one process: gRPC API (health and reflection included), the outbox
 * relay and the consumer of payments' events. main.ts starts it from the environment; integration
 * tests start it on port 0 against the test servers.
 */
export async function startGroupsService(o: GroupsServiceOptions): Promise<RunningGroupsService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 20 });
  const handlers = groupsServiceHandlers({
    db: runtime.db,
    clock: o.clock,
    settings: runtime.settings,
    pii: o.personalData,
  });
  const reencryption = personalDataReencryptionJob({
    db: runtime.db,
    pii: o.personalData,
    log: o.log,
    intervalMs: o.reencryptIntervalMs ?? 60_000,
  });
  const running = await runtime.serve({
    bindings: [bindService(GroupsServiceService, GROUPS_SERVICE_NAME, handlers)],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: GROUPS_SUBSCRIPTIONS,
    reminders: {
      clock: o.clock,
      handlers: { [FORMATION_DEADLINE_REMINDER]: formationDeadlineHandler(o.clock) },
      ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
    },
    workers: [reencryption],
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return { grpc: running.grpc, reminders: running.reminders!, stop: () => running.stop() };
}
