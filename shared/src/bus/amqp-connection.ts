import * as amqp from 'amqplib';
import type { Channel, ConfirmChannel, RecoveringChannelModel } from 'amqplib';
import { backoffDelay } from './backoff';
import { silentLogger, type BusLogger } from './bus-logger';

/** A connection that survives broker restarts: amqplib's recovering model (channels must be reopened). */
export type AmqpConnection = RecoveringChannelModel;

/** The part of a connection the relay, consumers and mailboxes use (either amqplib model fits). */
export interface AmqpChannelSource {
  createChannel(): Promise<Channel>;
  createConfirmChannel(): Promise<ConfirmChannel>;
}

/** Options of {@link connectAmqp}. */
export interface ConnectAmqpOptions {
  /** Shown in the management UI as the connection name. */
  name?: string;
  log?: BusLogger;
  /** First reconnect delay, ms (default 100). */
  initialDelayMs?: number;
  /** Cap of the reconnect delay, ms (default and most 10 000). */
  maxDelayMs?: number;
  /** AMQP heartbeat, s (default 10): how fast a silently dead broker is noticed. */
  heartbeatSeconds?: number;
  /** Resolve only once connected (default true); false returns at once and connects in the background. */
  waitForConnect?: boolean;
}

const MAX_RECONNECT_DELAY_MS = 10_000;

function withHeartbeat(url: string, seconds: number): string {
  const u = new URL(url);
  if (!u.searchParams.has('heartbeat')) u.searchParams.set('heartbeat', String(seconds));
  return u.toString();
}

/**
 * Connects to RabbitMQ with automatic reconnection: when the connection drops, it reconnects with
 * capped exponential backoff (≤ 10 s) forever. Channels do not survive a reconnect — their
 * `close` event fires and `createChannel()` waits for the next connection — so the relay, consumers
 * and mailboxes reopen theirs in a loop.
 */
export async function connectAmqp(url: string, options: ConnectAmqpOptions = {}): Promise<AmqpConnection> {
  const log = options.log ?? silentLogger;
  const maxMs = Math.min(options.maxDelayMs ?? MAX_RECONNECT_DELAY_MS, MAX_RECONNECT_DELAY_MS);
  const initialMs = options.initialDelayMs ?? 100;
  const conn = await amqp.connect(withHeartbeat(url, options.heartbeatSeconds ?? 10), {
    clientProperties: { connection_name: options.name ?? 'consorcio' },
    recovery: {
      waitForConnect: false,
      calculateDelay: (attempt: number) => backoffDelay(attempt, { initialMs, maxMs }),
    },
  });
  // Without an 'error' listener an emitted error would crash the process.
  conn.on('error', (err: Error) => log.warn({ err }, 'amqp connection error'));
  conn.on('disconnect', (err: Error) => log.warn({ err }, 'amqp connection lost; reconnecting'));
  conn.on('connect-failed', (err: Error) => log.warn({ err }, 'amqp connect failed; retrying'));
  conn.on('connect', () => log.info({ name: options.name }, 'amqp connected'));
  conn.on('reconnect-scheduled', (info: { attempt: number; delay: number; error: Error }) =>
    log.debug({ attempt: info.attempt, delayMs: info.delay, err: info.error }, 'amqp reconnect scheduled'),
  );
  conn.on('blocked', (reason: string) => log.warn({ reason }, 'amqp connection blocked by the broker'));
  if (options.waitForConnect !== false) await conn.waitForConnect();
  return conn;
}

/**
 * Opens a confirm channel, waiting for the connection to come back if it is down; resolves
 * undefined when `signal` aborts first (a channel that opens later is closed at once). Every
 * channel gets an 'error' listener, since an unheard channel error would crash the process.
 */
export async function openConfirmChannel(
  source: AmqpChannelSource,
  signal: AbortSignal,
  log: BusLogger,
): Promise<ConfirmChannel | undefined> {
  if (signal.aborted) return undefined;
  const opening = source.createConfirmChannel();
  const aborted = new Promise<undefined>((resolve) =>
    signal.addEventListener('abort', () => resolve(undefined), { once: true }),
  );
  const ch = await Promise.race([opening, aborted]);
  if (!ch) {
    void opening.then((late) => late.close()).catch(() => undefined);
    return undefined;
  }
  ch.on('error', (err: Error) => log.warn({ err }, 'amqp channel error'));
  return ch;
}

/**
 * Health check: true when the broker answers within `timeoutMs` (default 2 s). Given a URL it opens
 * and closes a connection; given a connection it opens and closes a channel on it. Never throws.
 */
export async function checkAmqp(target: string | AmqpChannelSource, timeoutMs = 2000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    if (typeof target === 'string') {
      const probe = amqp.connect(target, { timeout: timeoutMs });
      const conn = await Promise.race([probe, abortAsUndefined(controller.signal)]);
      if (!conn) {
        void probe.then((late) => late.close()).catch(() => undefined);
        return false;
      }
      conn.on('error', () => undefined);
      await conn.close();
      return true;
    }
    const opening = target.createChannel();
    const ch = await Promise.race([opening, abortAsUndefined(controller.signal)]);
    if (!ch) {
      void opening.then((late) => late.close()).catch(() => undefined);
      return false;
    }
    ch.on('error', () => undefined);
    await ch.close();
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function abortAsUndefined(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
}
