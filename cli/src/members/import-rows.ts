import { createHash } from 'node:crypto';
import { ApiError, type RestClient } from '../api/rest-client';
import { oneLine } from '../failure';
import { documentKey, type LocalRecords } from '../local-records';
import type { Progress } from '../progress';
import type { MemberRow } from './rows';

/**
 * Imports checked rows, one at a time in file order (a document's second row needs the member its first created):
 * register the member, then sell it a seat. Running the same file again imports each row once:
 * - the seat of a row is enrolled with an `Idempotency-Key` derived from (group, document, occurrence of the document
 *   in the file), so a retry after a crash between the enrollment and its record gets the same seat back;
 * - the seat and member ids are recorded locally (see LocalRecords) and a recorded seat still in the group counts as
 *   already there without a call that could sell another (the server scopes keys per operator, the record does not);
 * - CreateMember refuses a document already registered (ALREADY_EXISTS, without the id), so the member's id comes
 *   from the local record; a member registered some other way cannot be found through the API, and its row fails.
 */
export type Outcome = 'imported' | 'already' | 'failed';

export interface RowResult {
  line: number;
  outcome: Outcome;
  quotaId?: string;
  /** The seat as the platform shows it, "0012-1". */
  display?: string;
  /** Why the row failed. */
  reason?: string;
}

export interface ImportRun {
  results: RowResult[];
  /** Lines not done because the run stopped (the first may be half done: running the file again completes it). */
  notAttempted: number[];
  /** Why the run stopped before the end (the platform unreachable, the session refused…). */
  stopped?: string;
}

/** The Idempotency-Key of a row's enrollment: no personal data in it, 8..128 printable characters. */
export function enrollmentKey(groupId: string, document: string, occurrence: number): string {
  const hash = createHash('sha256').update(`${groupId}\n${document}\n${occurrence}`).digest('hex');
  return `import-${hash.slice(0, 48)}`;
}

const ALREADY_EXISTS = 6;
const ABORTED = 10;
const grpcCode = (err: unknown): unknown =>
  err instanceof ApiError ? (err.body as { code?: unknown })?.code : undefined;

/** A refusal of this row only; anything else (401, 403, 429, 5xx, no network) stops the run. */
function rowRefusal(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && ![401, 403, 429].includes(err.status);
}

export async function importRows(o: {
  client: RestClient;
  groupId: string;
  rows: readonly MemberRow[];
  records: LocalRecords;
  progress: Progress;
}): Promise<ImportRun> {
  const results: RowResult[] = [];
  for (const [i, row] of o.rows.entries()) {
    try {
      // ABORTED is a lost race (a lock, a version): nothing was written and the same call may be made again.
      results.push(
        await importRow(o.client, o.groupId, row, o.records).catch((err: unknown) => {
          if (grpcCode(err) === ABORTED) return importRow(o.client, o.groupId, row, o.records);
          throw err;
        }),
      );
    } catch (err) {
      if (!rowRefusal(err)) {
        o.progress.done();
        return { results, notAttempted: o.rows.slice(i).map((r) => r.line), stopped: oneLine(err) };
      }
      results.push({ line: row.line, outcome: 'failed', reason: oneLine(err) });
    }
    o.progress.tick();
  }
  o.progress.done();
  return { results, notAttempted: [] };
}

async function importRow(client: RestClient, groupId: string, row: MemberRow, records: LocalRecords) {
  const key = enrollmentKey(groupId, row.document, row.occurrence);
  const line = row.line;
  const recorded = records.get('quota', key);
  if (recorded) {
    const seat = await quotaIfThere(client, recorded);
    if (seat?.groupId === groupId)
      return { line, outcome: 'already' as const, quotaId: seat.quotaId, display: seat.display };
  }
  const recordedMember = records.get('member', documentKey(row.document));
  const memberId = recordedMember ?? (await registerMember(client, row, records));
  if (!memberId)
    return {
      line,
      outcome: 'failed' as const,
      reason:
        'a member with this document is already registered, not by an import from this computer: the API gives ' +
        'no way to find its id, so no seat was enrolled (enroll it by hand with its member id)',
    };
  let seat: Seat;
  try {
    seat = await enroll(client, groupId, row, memberId, key);
  } catch (err) {
    // A recorded member the platform does not know (its database was reset): register it again, once.
    if (!(recordedMember && err instanceof ApiError && err.status === 404)) throw err;
    const again = await registerMember(client, row, records);
    if (!again) throw err;
    seat = await enroll(client, groupId, row, again, key);
  }
  records.put('quota', key, seat.quotaId);
  return { line, outcome: 'imported' as const, quotaId: seat.quotaId, display: seat.display };
}

/** Registers the row's member; undefined when its document is already registered (the API does not say by whom). */
async function registerMember(client: RestClient, row: MemberRow, records: LocalRecords): Promise<string | undefined> {
  try {
    const created = await client.post<{ member: { memberId: string } }>('/v1/members', {
      kind: `MEMBER_KIND_${row.kind}`,
      document: row.document,
      name: row.name,
      ...(row.email ? { email: row.email } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
    });
    records.put('member', documentKey(row.document), created.member.memberId);
    return created.member.memberId;
  } catch (err) {
    if (grpcCode(err) === ALREADY_EXISTS) return undefined;
    throw err;
  }
}

async function enroll(client: RestClient, groupId: string, row: MemberRow, memberId: string, key: string) {
  const body = { memberId, channel: `ENROLLMENT_CHANNEL_${row.channel}`, insuranceOptIn: row.insurance };
  const r = await client.post<{ quota: Seat }>(`/v1/groups/${groupId}/quotas`, body, { 'Idempotency-Key': key });
  return r.quota;
}

interface Seat {
  quotaId: string;
  groupId: string;
  display: string;
}

/** The recorded seat, or undefined when the platform no longer has it (another platform reset, a new database). */
async function quotaIfThere(client: RestClient, quotaId: string): Promise<Seat | undefined> {
  try {
    return (await client.get<{ quota: Seat }>(`/v1/quotas/${quotaId}`)).quota;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}
