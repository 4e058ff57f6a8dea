import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoMinutesJson } from '../../fixtures/demo-minutes';

const ROOT = path.resolve(__dirname, '../../../../..');
const CLI = path.join(ROOT, 'services/draws/src/cli/verify-minutes.ts');

function run(json: unknown): { status: number | null; stdout: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'minutes-'));
  const file = path.join(dir, 'minutes.json');
  writeFileSync(file, JSON.stringify(json));
  const r = spawnSync(process.execPath, ['--conditions=source', '--require', 'tsx/cjs', CLI, file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout };
}

describe('verify-minutes CLI (offline)', function () {
  this.timeout(30_000);
  it('says VALID for G-DEMO assembly 11 as published', () => {
    const r = run(demoMinutesJson());
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^VALID assembly a11 \(period 11\): key 117, 3 contemplations, 1 refunds, 3 bids/);
  });
  it('names what a tampered copy changed, and exits 1', () => {
    const json = demoMinutesJson() as { minutes: { bids: { bidPct: string }[]; lottery: { prizes: number[] } } };
    json.minutes.bids[0]!.bidPct = '482501';
    json.minutes.lottery.prizes[0] = 83_418;
    const r = run(json);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /MISMATCH bids\[b40\]\.commitment/);
    assert.match(r.stdout, /MISMATCH draw_key/);
  });
});
