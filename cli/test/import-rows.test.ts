import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiError, type RestClient } from '../src/api/rest-client';
import { LocalRecords } from '../src/local-records';
import { importRows } from '../src/members/import-rows';
import { checkMemberCsv } from '../src/members/rows';
import { progressBar } from '../src/progress';

const GROUP = '01931c4e-0000-7000-8000-00000000000a';
const CSV = [
  'kind,document,name,email,phone,channel,insurance',
  'PERSON,52998224725,Maria Silva,,,PREMISES,yes',
  'PERSON,11144477735,José Souza,,,ONLINE,no',
  'PERSON,52998224725,Maria Silva,,,PREMISES,no',
].join('\n');

/**
 * The groups service as the import sees it: CreateMember refuses a known document with ALREADY_EXISTS and no id;
 * EnrollQuota replays the first answer for a key already used by the same user.
 */
class FakePlatform {
  members = new Map<string, string>();
  quotas = new Map<string, { quotaId: string; groupId: string; display: string; memberId: string }>();
  keys = new Map<string, string>();
  enrollCalls = 0;
  posts = 0;
  /** The POST (1-based) answered 503 once, as an outage would. */
  outageAt = 0;

  client(): RestClient {
    const fail = (status: number, code: number, method: string, p: string) =>
      new ApiError(status, { code, message: 'refused', details: [] }, method, p);
    return {
      baseUrl: 'http://fake',
      get: (p: string) => {
        const q = this.quotas.get(p.split('/').pop()!);
        return q ? Promise.resolve({ quota: q }) : Promise.reject(fail(404, 5, 'GET', p));
      },
      post: (p: string, body: { document?: string; memberId?: string }, headers: Record<string, string> = {}) => {
        if (++this.posts === this.outageAt)
          return Promise.reject(
            new ApiError(503, { code: 14, message: 'service unavailable; retry later' }, 'POST', p),
          );
        if (p === '/v1/members') {
          if (this.members.has(body.document!)) return Promise.reject(fail(409, 6, 'POST', p));
          const memberId = `m-${this.members.size + 1}`;
          this.members.set(body.document!, memberId);
          return Promise.resolve({ member: { memberId } });
        }
        this.enrollCalls++;
        if (![...this.members.values()].includes(body.memberId!)) return Promise.reject(fail(404, 5, 'POST', p));
        const key = headers['Idempotency-Key']!;
        const replay = this.keys.get(key);
        if (replay) return Promise.resolve({ quota: this.quotas.get(replay) });
        const quota = {
          quotaId: `q-${this.quotas.size + 1}`,
          groupId: GROUP,
          display: `00${this.quotas.size + 1}-1`,
          memberId: body.memberId!,
        };
        this.quotas.set(quota.quotaId, quota);
        this.keys.set(key, quota.quotaId);
        return Promise.resolve({ quota });
      },
    } as unknown as RestClient;
  }
}

describe('cli: importing checked rows', () => {
  const rows = checkMemberCsv(CSV).rows;
  const quiet = () => progressBar({ total: rows.length, out: { write: () => true }, tty: false });
  const recordsFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'cli-records-')), 'records.jsonl');
  const run = (platform: FakePlatform, file: string) =>
    importRows({
      client: platform.client(),
      groupId: GROUP,
      rows,
      records: new LocalRecords('http://fake', file),
      progress: quiet(),
    });
  const outcomes = (r: Awaited<ReturnType<typeof run>>) => r.results.map((x) => `${x.line}:${x.outcome}`);

  it('registers each member once and gives every row its own seat', async () => {
    const platform = new FakePlatform();
    const r = await run(platform, recordsFile());
    assert.deepEqual(outcomes(r), ['2:imported', '3:imported', '4:imported']);
    assert.equal(platform.members.size, 2);
    assert.equal(platform.quotas.size, 3);
  });

  it('run again, finds every seat it recorded and enrolls nothing', async () => {
    const platform = new FakePlatform();
    const file = recordsFile();
    await run(platform, file);
    const calls = platform.enrollCalls;
    const again = await run(platform, file);
    assert.deepEqual(outcomes(again), ['2:already', '3:already', '4:already']);
    assert.equal(platform.enrollCalls, calls);
    assert.equal(platform.quotas.size, 3);
  });

  it('resumes a run stopped by an outage: the rows after it are listed, a re-run finishes without duplicates', async () => {
    const platform = new FakePlatform();
    const file = recordsFile();
    platform.outageAt = 3; // row 2 takes POSTs 1 and 2; row 3 registering its member meets the outage
    const stopped = await run(platform, file);
    assert.deepEqual(outcomes(stopped), ['2:imported']);
    assert.deepEqual(stopped.notAttempted, [3, 4]);
    assert.match(stopped.stopped!, /503 service unavailable/);
    const resumed = await run(platform, file);
    assert.deepEqual(outcomes(resumed), ['2:already', '3:imported', '4:imported']);
    assert.equal(platform.quotas.size, 3);
  });

  it('fails, without enrolling, a row whose member was registered elsewhere (the API cannot find its id)', async () => {
    const platform = new FakePlatform();
    await run(platform, recordsFile());
    const elsewhere = await run(platform, recordsFile()); // another computer: no records
    assert.deepEqual(outcomes(elsewhere), ['2:failed', '3:failed', '4:failed']);
    assert.match(elsewhere.results[0]!.reason!, /already registered, not by an import from this computer/);
    assert.equal(platform.quotas.size, 3);
  });

  it('registers again a recorded member the platform does not know (its database was reset)', async () => {
    const file = recordsFile();
    await run(new FakePlatform(), file);
    const reset = new FakePlatform();
    const r = await run(reset, file);
    assert.deepEqual(outcomes(r), ['2:imported', '3:imported', '4:imported']);
    assert.equal(reset.members.size, 2);
  });
});
