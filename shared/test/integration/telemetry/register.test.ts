import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawnTs } from './fixtures/spawn-ts';

const CHILD = path.join(__dirname, 'fixtures/preload-child.ts');
/** The preload, as a service's command line names it (relative to the repository root). */
const PRELOAD = ['--require', './shared/src/telemetry/register.ts'];

/** A stand-in OTLP/HTTP collector that keeps the bodies posted to /v1/traces. */
async function fakeCollector(): Promise<{ url: string; bodies: Buffer[]; close(): Promise<void> }> {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('telemetry: register.ts preload (child processes)', function () {
  this.timeout(30_000);

  let collector: Awaited<ReturnType<typeof fakeCollector>>;
  beforeEach(async () => (collector = await fakeCollector()));
  afterEach(() => collector.close());

  /** Env of a child exporting to the fake collector, with batching slow enough that only shutdown flushes. */
  const exporting = () => ({
    OTEL_SERVICE_NAME: 'preload-test',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
  });

  it('flushes spans on SIGTERM, then ends the process by that signal when the app has no handler', async () => {
    const run = spawnTs(CHILD, { extraFlags: PRELOAD, env: exporting() });
    assert.deepEqual(JSON.parse(await run.line('READY ')), { recording: true });
    assert.equal(collector.bodies.length, 0, 'nothing exported before shutdown');
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGTERM', exit.stderr);
    const posted = Buffer.concat(collector.bodies).toString('latin1');
    // OTLP protobuf carries strings as raw UTF-8: enough to see what was exported.
    assert.ok(posted.includes('preload-root-span'));
    assert.ok(posted.includes('pg.query:SELECT'), 'pg, required after the preload, was instrumented');
    assert.ok(posted.includes('preload-test'), 'OTEL_SERVICE_NAME names the service');
  });

  it('leaves the exit to an app with its own SIGTERM handler (which awaits shutdownTelemetry)', async () => {
    const run = spawnTs(CHILD, { extraFlags: PRELOAD, env: { ...exporting(), APP_HANDLES_SIGTERM: '1' } });
    await run.line('READY ');
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    assert.equal(exit.signal, null);
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /APP-SHUTDOWN/);
    assert.ok(Buffer.concat(collector.bodies).toString('latin1').includes('preload-root-span'));
  });

  it('records nothing when neither OTEL_TRACES_EXPORTER nor an endpoint is set (no export errors)', async () => {
    const run = spawnTs(CHILD, { extraFlags: PRELOAD });
    assert.deepEqual(JSON.parse(await run.line('READY ')), { recording: false });
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGTERM');
    assert.equal(exit.stderr, '');
  });

  it('does nothing with OTEL_SDK_DISABLED=true, even with an endpoint set', async () => {
    const run = spawnTs(CHILD, { extraFlags: PRELOAD, env: { ...exporting(), OTEL_SDK_DISABLED: 'true' } });
    assert.deepEqual(JSON.parse(await run.line('READY ')), { recording: false });
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGTERM', 'no handler was installed: Node exits by the signal at once');
    assert.equal(collector.bodies.length, 0);
  });
});
