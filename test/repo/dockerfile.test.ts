// The image cannot be built here (no Docker engine): the Dockerfile is parsed and linted offline with
// dockerfile-utils / dockerfile-ast, and what it copies, runs and exposes is checked against the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

const ROOT = path.resolve(__dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
/** A diagnostic's message as text (the type allows markup content too). */
const messageOf = (d: { message: string | { value: string } }) =>
  typeof d.message === 'string' ? d.message : d.message.value;

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  /** The instructions of the last stage (the image that runs). */
  const runtime = instructions.filter((i) => i.getRange().start.line > froms.at(-1)!.getRange().start.line);
  const args = (keyword: string, scope = instructions) =>
    scope.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');
  const services = readdirSync(path.join(ROOT, 'services')).filter((s) =>
    existsSync(path.join(ROOT, 'services', s, 'package.json')),
  );

  it('has no lint diagnostics (dockerfile-utils)', () => {
    const diagnostics = validate(text);
    assert.deepEqual(
      diagnostics.map((d) => `line ${d.range.start.line + 1}: ${messageOf(d)}`),
      [],
    );
  });

  it('the linter is live: it flags a broken instruction', () => {
    const broken = text.replace('COPY --from=build', 'COPY --fromm=build').replace('--interval=10s', '--interval=10');
    const messages = validate(broken).map(messageOf);
    assert.ok(
      messages.some((m) => /fromm/.test(m)),
      messages.join('; '),
    );
    assert.ok(
      messages.some((m) => /duration/.test(m)),
      messages.join('; '),
    );
  });

  it('builds in stages and runs on a small Node 20 image', () => {
    assert.ok(froms.length >= 3, 'build, production dependencies and runtime stages');
    const base = dockerfile
      .getInitialARGs()
      .map((a) => a.getProperty())
      .find((p) => p?.getName() === 'NODE_IMAGE');
    assert.match(base?.getValue() ?? '', /^node:20[\w.-]*-slim$/);
    for (const f of froms) assert.equal(f.getImage(), '${NODE_IMAGE}', 'every stage starts from the same base');
  });

  it('keeps only production dependencies (and tsx for the TypeScript migrations)', () => {
    const runs = args('RUN').join('\n');
    assert.match(runs, /npm ci --omit=dev/);
    const fromBuild = dockerfile
      .getCOPYs()
      .filter((c) => c.getFromFlag()?.getValue() === 'build')
      .map((c) => c.getArguments()[0]!.getValue());
    assert.ok(
      fromBuild.filter((p) => p.includes('node_modules')).every((p) => /node_modules\/(tsx|esbuild|@esbuild)$/.test(p)),
      `only tsx and esbuild come from the build stage's node_modules: ${fromBuild.join(', ')}`,
    );
  });

  it('copies every service, the migrations and the container scripts into the image', () => {
    const copied = dockerfile.getCOPYs().map((c) => c.getArguments().map((a) => a.getValue()));
    const sources = copied.map((a) => a[0]!);
    for (const s of services) {
      assert.ok(sources.includes(`services/${s}/package.json`), `${s}'s package.json is installed from`);
      assert.ok(sources.includes(`/src/services/${s}/dist`), `${s}'s compiled code is in the image`);
    }
    for (const p of ['migrations', 'scripts/migrate.ts', 'deploy/container']) {
      assert.ok(sources.includes(p), `${p} is copied`);
      assert.ok(existsSync(path.join(ROOT, p)), `${p} exists`);
    }
  });

  it('runs as a numeric non-root user with an entry point that preloads telemetry', () => {
    const user = args('USER', runtime).at(-1) ?? '';
    assert.match(user, /^[1-9]\d*(:\d+)?$/, 'a numeric uid, so Kubernetes can check runAsNonRoot');
    assert.deepEqual(JSON.parse(args('ENTRYPOINT', runtime).at(-1)!), ['sh', 'deploy/container/entrypoint.sh']);
    assert.ok(args('HEALTHCHECK', runtime).length === 1, 'a container health check');
    const env = args('ENV', runtime).join(' ');
    for (const v of ['SERVICE=', 'NODE_ENV=production', 'GRPC_HOST=0.0.0.0', 'CONSORCIO_CLOCK=system']) {
      assert.ok(env.includes(v), `ENV sets ${v}`);
    }
    const entrypoint = read('deploy/container/entrypoint.sh');
    assert.match(entrypoint, /--require \.\/shared\/dist\/telemetry\/register\.js/);
    assert.match(entrypoint, /services\/\$SERVICE\/dist\/main\.js/);
    for (const [, file] of entrypoint.matchAll(/(deploy\/container\/[\w.-]+\.js)/g)) {
      assert.ok(existsSync(path.join(ROOT, file!)), `${file} exists`);
    }
    execFileSync('sh', ['-n', path.join(ROOT, 'deploy/container/entrypoint.sh')]);
  });

  it('.dockerignore keeps local state and build output out of the context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const p of ['**/node_modules', '**/dist', '.git', '.data', '.env', 'tools']) {
      assert.ok(ignored.includes(p), `.dockerignore lists ${p}`);
    }
    assert.ok(ignored.includes('!deploy/container'), 'the container scripts stay in the context');
  });
});
