import { randomBytes } from 'node:crypto';
import {
  ConsumeLoop,
  declareEventsExchange,
  EVENTS_EXCHANGE,
  safeAck,
  silentLogger,
  type AmqpChannelSource,
  type BusLogger,
} from '../bus';

/** The routing key the settings service publishes every applied change under. */
export const SETTING_CHANGED = 'settings.setting.changed';

export interface SettingsChangeListenerOptions {
  connection: AmqpChannelSource;
  /** Called on every change event, and after every (re)subscription (changes may have been missed meanwhile). */
  onChange: () => void;
  /** Names the queue, `settings-cache.<service>.<random>`. */
  service: string;
  exchange?: string | undefined;
  log?: BusLogger;
}

/**
 * Hears every `settings.setting.changed`, in every replica of every service: each process has its own exclusive,
 * auto-delete queue bound to the key (a shared, competing queue would tell only one replica). Nothing is stored
 * from the message: the cache reloads, so a lost or repeated message does no harm, and no inbox is needed.
 */
export class SettingsChangeListener {
  private readonly loop: ConsumeLoop;

  constructor(o: SettingsChangeListenerOptions) {
    const log = o.log ?? silentLogger;
    const queue = `settings-cache.${o.service}.${randomBytes(4).toString('hex')}`;
    const exchange = o.exchange ?? EVENTS_EXCHANGE;
    this.loop = new ConsumeLoop({
      connection: o.connection,
      log,
      name: queue,
      drainMs: 0,
      setup: async (ch) => {
        await declareEventsExchange(ch, exchange);
        await ch.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
        await ch.bindQueue(queue, exchange, SETTING_CHANGED);
        await this.loop.consume(ch, queue, (msg) => {
          safeAck(ch, msg, log);
          o.onChange();
          return Promise.resolve();
        });
        o.onChange();
      },
    });
  }

  /** Resolves once subscribed (it keeps retrying until then, in the background of the caller's choice). */
  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
