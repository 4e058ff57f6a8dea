import { ApiError, type RestClient } from '../api/rest-client';
import type { Random } from './random';
import type { TimeControl } from './time-control';

/** How a synthetic member behaves with money. */
export type Profile = 'punctual' | 'late' | 'defaulter';

/** One synthetic member and their record, as the simulation tracks them. */
export interface SimMember {
  index: number;
  memberId: string;
  quotaId: string;
  number: number;
  profile: Profile;
  /** A defaulter pays nothing from this period on. */
  stopsAt: number;
  contemplatedIn?: number;
  letterReleased?: boolean;
  /** The last period a late payer let pass unpaid. */
  lastSkipped?: number;
}

/** Everything a step of the simulation needs. */
export interface SimContext {
  admin: RestClient;
  /** Two operators: maker and checker of the lottery result and of each credit analysis. */
  makers: RestClient;
  checker: RestClient;
  time: TimeControl;
  rng: Random;
  say: (line: string) => void;
  groupId: string;
  constitutedOn: string;
  dueDay: number;
  months: number;
  creditValue: bigint;
  members: SimMember[];
  /** Assembly ids by period. */
  assemblies: Map<number, string>;
  /** Every centavo members paid (installments, late fees, bids), as the simulation counted it. */
  paidIn: { centavos: bigint };
  /** A fault injected while the members of that period pay (the fault suite's hook). */
  fault?: { period: number; inject: () => Promise<void> } | undefined;
}

/** Polls `check` until it answers something other than undefined/false; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(500, delay * 2)) {
    const answer = await check();
    if (answer !== undefined && answer !== false) return answer;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what} — is every service up, and is the platform on the shared clock ` +
          '(CONSORCIO_CLOCK=shared, what `npm start` runs)?',
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Runs `fn` over `items` with at most `concurrency` at a time (members act at once, as they do at a bank). */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Calls `fn` until the platform stops refusing it with `notYet` — a service that has not learned yet of another's
 * event (the group constituted, its last assembly held) — and answers what it answered.
 */
export function onceAccepted<T>(what: string, notYet: RegExp, fn: () => Promise<T>): Promise<T> {
  return until(what, async () => {
    try {
      return { answer: await fn() };
    } catch (err) {
      if (err instanceof ApiError && notYet.test(err.message)) return undefined;
      throw err;
    }
  }).then((r) => r.answer);
}
