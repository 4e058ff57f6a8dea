import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AssemblyMinutes } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { assemblyInput, buildMinutes, snapshotHash, type Snapshot } from '../../../src/app/minutes';
import { bidCommitment, runAssembly } from '../../../src/domain';

const ROOT = path.resolve(__dirname, '../../../../..');
const CLI = path.join(ROOT, 'services/draws/src/cli/verify-minutes.ts');

/** G-DEMO assembly 11's minutes (§6.9), as the API publishes them (ProtoJSON). */
function demoMinutesJson(): unknown {
  const remaining = { fc: '847232', af: '152500', fr: '20337' };
  const bid = (bidId: string, number: number, bidPct: string, embeddedPct = '0') => {
    const salt = `salt-${bidId}`;
    const content = {
      bidId,
      number,
      mode: 'FREE' as const,
      bidPct: BigInt(bidPct),
      embeddedPct: BigInt(embeddedPct),
      amortizationMode: 'REDUCE_TERM',
    };
    return {
      bidId,
      quotaId: '',
      number,
      mode: 'FREE' as const,
      bidPct,
      embeddedPct,
      amortizationMode: 'REDUCE_TERM' as const,
      remaining,
      salt,
      commitment: bidCommitment(content, salt),
    };
  };
  const snapshot: Snapshot = {
    creditValue: '6000000',
    commonFund: '14300000',
    reserveFund: '900000',
    rules: {
      maxQuotas: 300,
      drawsPerAssembly: 1,
      excludedDrawsPerAssembly: 1,
      fixedBidSlotsPerAssembly: 0,
      maxBidContemplationsPerAssembly: 0,
      extraDrawsWhenFundsRemain: true,
      alternatesCount: 1,
      exclusionPenaltyPct: '100000',
    },
    eligible: Array.from({ length: 300 }, (_, i) => i + 1).filter((q) => q !== 117),
    excludedCandidates: [{ quotaId: '', number: 120, version: 1, fcPaidPct: '124992' }],
    bids: [bid('b40', 40, '482500'), bid('b119', 119, '400000'), bid('b115', 115, '400000', '250000')],
  };
  const lottery = {
    extractionNumber: 5_950,
    extractionDate: '2025-11-19',
    prizes: [83_417, 1, 2, 3, 4],
    source: 'loterias.caixa.gov.br',
    enteredBy: 'u1',
    confirmedBy: 'u2',
  };
  const minutes = buildMinutes({
    assemblyId: 'a11',
    groupId: 'g-demo',
    period: 11,
    assemblyDate: '2025-11-20',
    snapshot,
    snapshotHash: snapshotHash(snapshot),
    lottery,
    result: runAssembly(assemblyInput(snapshot, 83_417)),
  });
  return { minutes: AssemblyMinutes.toJSON(minutes) };
}

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
