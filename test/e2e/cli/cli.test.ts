import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '@consorcio/shared/harness';
import { ADMIN, startPlatform, type Platform } from '../support/platform';

const CLI = path.resolve(__dirname, '../../../cli/bin/consorcio');
const EXAMPLE_PLAN = path.resolve(__dirname, '../../../cli/examples/plan.json');

/** 5 good rows (one member twice: two seats) and 2 refused ones (lines 4 and 7). */
const MEMBERS_CSV = [
  'kind,document,name,email,phone,channel,insurance',
  'PERSON,529.982.247-25,"Silva, Maria",maria@example.com,(11) 98765-4321,PREMISES,yes',
  'PERSON,111.444.777-35,José Souza,,,ONLINE,no',
  'PERSON,123.456.789-00,Dígito Errado,,,PREMISES,yes',
  'COMPANY,11.222.333/0001-81,"Acme ""Veículos"" Ltda",contato@acme.example,,PHONE,no',
  'PERSON,52998224725,"Silva, Maria",maria@example.com,,PREMISES,no',
  'PERSON,390.533.447-05,Ana,,,TELEPATHY,yes',
  'PERSON,390.533.447-05,Ana Lima,,,premises,sim',
].join('\r\n');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The operators' command line, spawned (asynchronously: the platform answering it runs in this process). */
describe('the consorcio command line against a running platform', function () {
  this.timeout(60_000);
  let p: Platform;
  let dir: string;
  let groupId: string;
  let admin: string;

  /** Runs the CLI as the admin (its own config directory) unless `env` says otherwise; `input` goes to stdin. */
  const cli = (args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, CONSORCIO_CONFIG_DIR: path.join(dir, 'admin'), ...env },
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (process.env.CLI_E2E_ECHO) process.stdout.write(`$ consorcio ${args.join(' ')}\n${stdout}${stderr}`);
        resolve({ code, stdout, stderr });
      });
      child.stdin?.end(input);
    });
  const ok = (r: Run) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const quotaCount = async () => {
    const r = await p.call('GET', `/v1/groups/${groupId}/quotas?page.pageSize=100`, { token: admin });
    return (r.body.quotas as unknown[]).length;
  };

  before(async () => {
    p = await startPlatform();
    dir = mkdtempSync(path.join(tmpdir(), 'e2e-cli-'));
    admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(() => p?.stop());

  it('signs in with the password from the environment and saves the session readable by the user only', async () => {
    const bad = await cli(['login', '--url', p.url, '--username', ADMIN.username], { CONSORCIO_PASSWORD: 'wrong-pw' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^consorcio: POST \/v1\/auth\/login: 401 .*\n$/);
    ok(await cli(['login', '--url', p.url, '--username', ADMIN.username], { CONSORCIO_PASSWORD: ADMIN.password }));
    assert.equal(statSync(path.join(dir, 'admin', 'session.json')).mode & 0o777, 0o600);
  });

  it('creates and publishes a group from a plan file, after refusing a bad one with every problem', async () => {
    const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, 'utf8')) as { code: string; parameters: object };
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ code: 'G-CLI', parameters: { termMonths: 500 } }));
    const bad = await cli(['groups', 'create', '--plan', path.join(dir, 'bad.json')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /\$\.parameters\.termMonths: must be an integer between 6 and 240/);
    assert.match(bad.stderr, /\$\.parameters\.assetCategory: is required/);
    assert.match(bad.stderr, /consorcio: .*bad\.json: the plan has problems \(\d+\); nothing was created\n$/);

    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ ...plan, code: 'G-CLI' }));
    const r = await cli(['groups', 'create', '--plan', path.join(dir, 'plan.json'), '--publish', '--json']);
    ok(r);
    const group = (JSON.parse(r.stdout) as { group: { groupId: string; code: string; status: string } }).group;
    assert.equal(group.code, 'G-CLI');
    assert.equal(group.status, 'GROUP_STATUS_FORMING');
    groupId = group.groupId;
  });

  it('imports the good rows of a CSV, lists the refused ones, and imports nothing twice when run again', async () => {
    const file = path.join(dir, 'members.csv');
    writeFileSync(file, MEMBERS_CSV);
    const first = await cli(['members', 'import', '--group', groupId, '--csv', file]);
    ok(first); // refused rows alone do not fail the import (--strict does)
    assert.match(first.stderr, /members\.csv:4: document: must be a valid CPF/);
    assert.match(first.stderr, /members\.csv:7: channel: must be one of PREMISES, ONLINE, PHONE/);
    assert.match(first.stdout, /progress 100% 5\/5\n/);
    assert.ok(!first.stdout.includes('\r'), 'no redrawn bar when stdout is not a terminal');
    assert.match(first.stdout, /imported: 5\nalready there: 0\nrefused: 2 \(lines 4, 7\)/);
    assert.equal(await quotaCount(), 5);

    const again = await cli(['members', 'import', '--group', groupId, '--csv', file, '--json', '--strict']);
    assert.equal(again.code, 1, 'strict: the refused rows fail the run');
    const summary = JSON.parse(again.stdout) as { imported: number; alreadyThere: number; refused: number[] };
    assert.deepEqual([summary.imported, summary.alreadyThere, summary.refused], [0, 5, [4, 7]]);
    assert.match(again.stderr, /consorcio: 2 row\(s\) refused \(--strict\): lines 4, 7\n$/);
    assert.equal(await quotaCount(), 5);
  });

  it('shows the group on the dashboard: 5 seats enrolled', async () => {
    const human = await cli(['dashboard', '--group', groupId]);
    ok(human);
    assert.match(human.stdout, /group G-CLI .*FORMING, 5\/300 seats taken/);
    assert.match(human.stdout, /ENROLLED\s+5/);
    const json = await cli(['dashboard', '--group', groupId, '--json']);
    ok(json);
    assert.deepEqual(JSON.parse(json.stdout).quotas, { total: 5, byStatus: { ENROLLED: 5 } });
  });

  it('fails a billing run the platform refuses with one line naming the problem', async () => {
    const r = await cli(['billing', 'run', '--group', groupId, '--period', '2', '--due-on', '2025-04-10']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^consorcio: POST \/v1\/groups\/[^ ]+\/billing-runs: 400 .*group G-CLI is FORMING.*\n$/);
    const usage = await cli(['billing', 'run', '--group', groupId, '--period', 'two']);
    assert.equal(usage.code, 2);
  });

  it('proves an entry of the audit log, saves the proof, and has the platform check the whole log', async () => {
    await eventually(async () => {
      const c = await p.call('GET', '/v1/audit/checkpoints/latest', { token: admin });
      return c.status === 200 && Number(c.body.checkpoint.treeSize) > 0;
    }, 20_000);
    const out = path.join(dir, 'proof.json');
    const r = await cli(['audit', 'proof', '0', '--out', out]);
    ok(r);
    assert.match(r.stdout, /^OK entry 0 /);
    const again = await cli(['audit', 'verify', 'inclusion', out, '--key', path.join(dir, 'proof.vkey')]);
    ok(again);
    const check = await cli(['audit', 'check', '--json']);
    ok(check);
    assert.equal(JSON.parse(check.stdout).ok, true);
  });

  it('runs the constitution assembly with two operators: the one who entered the lottery cannot confirm it', async () => {
    const open = await cli([
      'assembly',
      'open',
      '--group',
      groupId,
      '--period',
      '1',
      '--bid-deadline',
      '2025-03-11T18:00:00-03:00',
      '--extraction-date',
      '2025-03-12',
      '--assembly-date',
      '2025-03-13',
      '--json',
    ]);
    ok(open);
    const assembly = JSON.parse(open.stdout).assembly as { assemblyId: string; status: string };
    assert.equal(assembly.status, 'ASSEMBLY_STATUS_BIDDING_OPEN');
    const id = assembly.assemblyId;
    p.clock.set('2025-03-12T23:30:00Z');
    ok(await cli(['assembly', 'close', '--assembly', id]));
    const prizes = ['--number', '5950', '--date', '2025-03-12', '--prizes', '12345,23456,34567,45678,56789'];
    ok(await cli(['assembly', 'lottery', '--assembly', id, ...prizes]));
    const same = await cli(['assembly', 'confirm', '--assembly', id]);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /maker-checker/);

    const checker = { username: 'checker.cli', password: 'checker-password-123' };
    const created = await p.call('POST', '/v1/auth/users', { token: admin, body: { ...checker, roles: ['OPERATOR'] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const env = { CONSORCIO_CONFIG_DIR: path.join(dir, 'checker'), CONSORCIO_PASSWORD: '' };
    const stdin = `${checker.password}\n`;
    ok(await cli(['login', '--url', p.url, '--username', checker.username, '--password-stdin'], env, stdin));
    const confirmed = await cli(['assembly', 'confirm', '--assembly', id], env);
    ok(confirmed);
    assert.match(confirmed.stdout, /confirmed by /);

    const run = await cli(['assembly', 'run', '--assembly', id]);
    ok(run);
    assert.match(run.stdout, new RegExp(`^result of assembly ${id} \\(period 1\\), draw key \\d+`));
    const show = await cli(['dashboard', '--group', groupId, '--json']);
    ok(show);
    const last = JSON.parse(show.stdout).lastAssembly as { assemblyId: string; status: string };
    assert.equal(last.assemblyId, id);
    assert.match(last.status, /^ASSEMBLY_STATUS_(RESULT_PUBLISHED|SETTLING|CLOSED)$/); // CLOSED: nobody to pay a bid
  });
});
