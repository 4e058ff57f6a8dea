import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '@consorcio/shared/harness';
import {
  GetConsistencyProofResponse,
  GetInclusionProofResponse,
  ListCheckpointsResponse,
  ListEntriesResponse,
} from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import { signCheckpointNow } from '../../src/app/checkpoints';
import { startAuditHarness, testEvent, type AuditHarness } from './harness';

const CLI = path.resolve(__dirname, '../../../../cli/bin/consorcio');

/** Runs `consorcio <args> --json` as a user would, offline. */
function cli(args: string[]): {
  status: number | null;
  result: { ok: boolean; firstBadIndex?: number; problem?: string; summary?: string };
} {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8' });
  assert.equal(r.stderr, '', r.stderr);
  return { status: r.status, result: JSON.parse(r.stdout) as never };
}

describe('audit log tampering and offline verification (integration)', function () {
  this.timeout(120_000);
  let h: AuditHarness;
  let dir: string;
  let keyFile: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
  });

  beforeEach(async () => {
    h = await startAuditHarness();
    await h.publish(Array.from({ length: 20 }, () => testEvent()));
    await eventually(async () => (await h.logSize()) === 20);
    await signCheckpointNow(h.audit.deps);
    await h.publish(Array.from({ length: 30 }, () => testEvent()));
    await eventually(async () => (await h.logSize()) === 50);
    await signCheckpointNow(h.audit.deps);
    keyFile = path.join(dir, 'log.pub');
    writeFileSync(keyFile, (await h.api().getPublicKey({})).publicKeyPem);
  });
  afterEach(async () => {
    await h?.stop();
  });

  /** What a superuser could do behind the triggers' back. */
  const tamper = (sql: string) =>
    h.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx.raw(sql);
    });

  /** The log as the REST API exports it, verified offline by the CLI. */
  async function cliOnExport() {
    const api = h.api();
    const entries = await api.listEntries({ aggregateId: '', fromIndex: 0n, page: { pageSize: 500, pageToken: '' } });
    const checkpoints = await api.listCheckpoints({ page: { pageSize: 500, pageToken: '' } });
    const entriesFile = path.join(dir, 'entries.json');
    const checkpointsFile = path.join(dir, 'checkpoints.json');
    writeFileSync(entriesFile, JSON.stringify(ListEntriesResponse.toJSON(entries)));
    writeFileSync(checkpointsFile, JSON.stringify(ListCheckpointsResponse.toJSON(checkpoints)));
    return cli(['audit', 'verify', 'log', entriesFile, '--checkpoints', checkpointsFile, '--key', keyFile]);
  }

  async function expectBadAt(index: number, problem: RegExp) {
    const v = await h.api().verify({ fromIndex: 0n, toIndex: 0n });
    assert.equal(v.ok, false);
    assert.equal(v.firstBadIndex, BigInt(index), v.problem);
    assert.match(v.problem, problem);
    const offline = await cliOnExport();
    assert.equal(offline.status, 1);
    assert.equal(offline.result.firstBadIndex, index, offline.result.problem);
  }

  it('an untouched log verifies, through the RPC and offline', async () => {
    const v = await h.api().verify({ fromIndex: 0n, toIndex: 0n });
    assert.deepEqual(
      { ok: v.ok, n: v.entriesChecked, c: v.checkpointsChecked, bad: v.firstBadIndex },
      { ok: true, n: 50n, c: 2n, bad: -1n },
    );
    const part = await h.api().verify({ fromIndex: 20n, toIndex: 40n });
    assert.deepEqual({ ok: part.ok, n: part.entriesChecked }, { ok: true, n: 20n });
    const offline = await cliOnExport();
    assert.equal(offline.status, 0, offline.result.problem);
  });

  it('one byte changed in one entry is named at its index', async () => {
    await tamper('update audit.entries set leaf = set_byte(leaf, 5, get_byte(leaf, 5) # 1) where leaf_index = 33');
    await expectBadAt(33, /entry 33/);
  });

  it('two entries swapped are named at the first of them', async () => {
    await tamper(`update audit.entries e set leaf = o.leaf from audit.entries o
      where (e.leaf_index, o.leaf_index) in ((12, 13), (13, 12))`);
    await expectBadAt(12, /entry 12/);
  });

  it('a truncated log is named at the first missing index', async () => {
    await tamper('delete from audit.entries where leaf_index >= 45');
    await tamper('delete from audit.tree_nodes where (index + 1) * (1::bigint << level) > 45');
    await expectBadAt(45, /truncated/);
  });

  it('the CLI verifies a real inclusion proof offline, and refuses it once changed', async () => {
    const api = h.api();
    const proof = await api.getInclusionProof({ leafIndex: 37n, treeSize: 0n });
    const file = path.join(dir, 'proof.json');
    const json = GetInclusionProofResponse.toJSON(proof) as { entry: { leaf: string } };
    writeFileSync(file, JSON.stringify(json));
    const ok = cli(['audit', 'verify', 'inclusion', file, '--key', keyFile]);
    assert.equal(ok.status, 0, ok.result.problem);
    assert.match(ok.result.summary ?? '', /entry 37 .* is in consorcio\/test at size 50/);
    // The same with the signed-note verifier key instead of the PEM.
    const vkeyFile = path.join(dir, 'log.vkey');
    writeFileSync(vkeyFile, (await api.getPublicKey({})).verifierKey);
    assert.equal(cli(['audit', 'verify', 'inclusion', file, '--key', vkeyFile]).status, 0);

    const leaf = Buffer.from(json.entry.leaf, 'base64');
    leaf[0] = (leaf[0] ?? 0) ^ 1;
    writeFileSync(file, JSON.stringify({ ...json, entry: { ...json.entry, leaf: leaf.toString('base64') } }));
    const bad = cli(['audit', 'verify', 'inclusion', file, '--key', keyFile]);
    assert.equal(bad.status, 1);
    assert.match(bad.result.problem ?? '', /entry 37/);
  });

  it('the CLI verifies a consistency proof between two signed checkpoints', async () => {
    const proof = await h.api().getConsistencyProof({ fromSize: 20n, toSize: 50n });
    const file = path.join(dir, 'consistency.json');
    writeFileSync(file, JSON.stringify(GetConsistencyProofResponse.toJSON(proof)));
    const r = cli(['audit', 'verify', 'consistency', file, '--key', keyFile]);
    assert.equal(r.status, 0, r.result.problem);
    assert.match(r.result.summary ?? '', /size 50 extends size 20/);
  });
});
