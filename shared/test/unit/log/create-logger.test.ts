import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { ValidationError, toGrpcStatus, type ErrorLogger } from '../../../src/errors';
import { createLogger, runWithLogContext, type LogLevel, type Logger } from '../../../src/log';
import { useTestContextManager } from './otel-test-context';

const KEYS = [
  'correlation_id',
  'level',
  'message',
  'payload',
  'service',
  'span_id',
  'timestamp',
  'trace_id',
  'user_id',
];

interface LogLine {
  timestamp: string;
  level: string;
  service: string;
  trace_id: string;
  span_id: string;
  correlation_id: string;
  user_id: string;
  message: string;
  payload: Record<string, unknown>;
}

interface ErrJson {
  name: string;
  message: string;
  stack: string;
  violations?: unknown;
}

/** A logger writing into memory, plus the raw bytes and the parsed lines. */
function capture(level?: LogLevel): { log: Logger; raw: () => string; lines: () => LogLine[] } {
  const chunks: string[] = [];
  const log = createLogger({
    service: 'groups',
    ...(level && { level }),
    destination: { write: (s: string) => chunks.push(s) },
  });
  const raw = (): string => chunks.join('');
  const lines = (): LogLine[] =>
    raw()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  return { log, raw, lines };
}

function errOf(line: LogLine | undefined): ErrJson {
  return line?.payload.err as ErrJson;
}

describe('createLogger', () => {
  it('writes one JSON line with exactly the nine agreed keys', () => {
    const { log, raw, lines } = capture();
    log.info({ payload: { groupId: 'g-1', members: 3 } }, 'group created');
    assert.ok(raw().endsWith('\n'));
    const [line] = lines();
    assert.deepEqual(Object.keys(line ?? {}).sort(), KEYS);
    assert.equal(line?.level, 'info');
    assert.equal(line?.service, 'groups');
    assert.equal(line?.message, 'group created');
    assert.deepEqual(line?.payload, { groupId: 'g-1', members: 3 });
    assert.equal(new Date(line?.timestamp ?? '').toISOString(), line?.timestamp);
    assert.equal(line?.trace_id, '');
    assert.equal(line?.span_id, '');
  });

  it('writes an empty payload for a bare message and labels every level', () => {
    const { log, lines } = capture('trace');
    log.trace('t');
    log.debug('d');
    log.warn('w');
    log.error('e');
    log.fatal('f');
    assert.deepEqual(
      lines().map((l) => [l.level, l.message, l.payload]),
      [
        ['trace', 't', {}],
        ['debug', 'd', {}],
        ['warn', 'w', {}],
        ['error', 'e', {}],
        ['fatal', 'f', {}],
      ],
    );
  });

  it('drops lines below the configured level', () => {
    const { log, lines } = capture('warn');
    log.info('hidden');
    log.debug('hidden');
    log.warn('shown');
    assert.deepEqual(
      lines().map((l) => l.message),
      ['shown'],
    );
    assert.equal(log.isLevelEnabled('info'), false);
  });

  it('folds stray top-level fields into the payload instead of adding keys', () => {
    const { log, lines } = capture();
    (log.info as (o: object, m: string) => void)({ groupId: 'g-2', payload: { n: 1 } }, 'x');
    const [line] = lines();
    assert.deepEqual(Object.keys(line ?? {}).sort(), KEYS);
    assert.deepEqual(line?.payload, { groupId: 'g-2', n: 1 });
  });

  it('writes bigint amounts as decimal strings', () => {
    const { log, lines } = capture();
    log.info({ payload: { amount: 123456789012345678901234567890n } }, 'paid');
    assert.deepEqual(lines()[0]?.payload, { amount: '123456789012345678901234567890' });
  });

  it('serializes err under payload.err with name, message and stack', () => {
    const { log, lines } = capture();
    log.error({ err: new ValidationError('quota', 'must be > 0'), payload: { groupId: 'g-1' } }, 'rejected');
    log.error(new TypeError('bad type'));
    const [first, second] = lines();
    assert.equal(first?.payload.groupId, 'g-1');
    assert.equal(errOf(first).name, 'ValidationError');
    assert.equal(errOf(first).message, 'quota: must be > 0');
    assert.match(errOf(first).stack, /ValidationError: quota: must be > 0\n\s+at /);
    assert.deepEqual(errOf(first).violations, [{ field: 'quota', rule: 'must be > 0' }]);
    assert.equal(second?.message, 'bad type');
    assert.equal(errOf(second).name, 'TypeError');
  });

  it('serves as the ErrorLogger toGrpcStatus writes unexpected errors to', () => {
    const { log, lines } = capture();
    const errorLogger: ErrorLogger = log;
    toGrpcStatus(new Error('boom for 529.982.247-25'), errorLogger);
    const [line] = lines();
    assert.equal(line?.level, 'error');
    assert.equal(errOf(line).message, 'boom for [cpf]');
  });

  it('adds correlation_id and user_id from the log context, across awaits', async () => {
    const { log, lines } = capture();
    await runWithLogContext({ correlationId: 'corr-1', userId: 'user-9' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.info('inside');
    });
    log.info('outside');
    const [inside, outside] = lines();
    assert.equal(inside?.correlation_id, 'corr-1');
    assert.equal(inside?.user_id, 'user-9');
    assert.equal(outside?.correlation_id, '');
    assert.equal(outside?.user_id, '');
  });

  describe('inside an active OpenTelemetry span', () => {
    let removeContextManager: () => void;
    before(() => {
      removeContextManager = useTestContextManager();
    });
    after(() => removeContextManager());

    it('writes the trace_id and span_id of the active span', async () => {
      const provider = new BasicTracerProvider();
      const tracer = provider.getTracer('log-test');
      const { log, lines } = capture();
      const ids = await tracer.startActiveSpan('handle', async (span) => {
        await new Promise((r) => setImmediate(r));
        log.info('traced');
        span.end();
        return span.spanContext();
      });
      log.info('untraced');
      await provider.shutdown();
      const [traced, untraced] = lines();
      assert.match(ids.traceId, /^[0-9a-f]{32}$/);
      assert.equal(traced?.trace_id, ids.traceId);
      assert.equal(traced?.span_id, ids.spanId);
      assert.equal(untraced?.trace_id, '');
      assert.equal(untraced?.span_id, '');
    });

    it('writes a wrapped span context as is, digits and all', () => {
      const { log, lines } = capture();
      const spanContext = { traceId: '12345678901234567890123456789012', spanId: '1234567890123456', traceFlags: 1 };
      context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () => log.info('x'));
      assert.equal(lines()[0]?.trace_id, spanContext.traceId);
      assert.equal(lines()[0]?.span_id, spanContext.spanId);
    });
  });

  describe('redaction', () => {
    it('never writes a password, token or other secret key, at any depth', () => {
      const { log, raw, lines } = capture();
      log.info(
        {
          payload: {
            password: 'hunter2-pw',
            user: { Passwd: 'pw-2', profile: { api_key: 'ak-3', pixKey: 'pk-4' } },
            headers: { Authorization: 'Bearer tok-5', Cookie: 'sid=ck-6' },
            auth: [{ access_token: 'at-7', refresh_token: 'rt-8' }],
            bank: { bank_account: 'ba-9', account_number: 'an-10', agency: 'ag-11' },
            clientSecret: 'cs-12',
            groupId: 'kept',
          },
        },
        'login',
      );
      for (const secret of [
        'hunter2',
        'pw-2',
        'ak-3',
        'pk-4',
        'tok-5',
        'ck-6',
        'at-7',
        'rt-8',
        'ba-9',
        'an-10',
        'ag-11',
        'cs-12',
      ]) {
        assert.ok(!raw().includes(secret), `${secret} reached the output`);
      }
      const r = '[redacted]';
      assert.deepEqual(lines()[0]?.payload, {
        password: r,
        user: { Passwd: r, profile: { api_key: r, pixKey: r } },
        headers: { Authorization: r, Cookie: r },
        auth: [{ access_token: r, refresh_token: r }],
        bank: { bank_account: r, account_number: r, agency: r },
        clientSecret: r,
        groupId: 'kept',
      });
    });

    it('replaces whole values under keys named cpf, cnpj or document', () => {
      const { log, raw, lines } = capture();
      log.info({ payload: { holder: { cpf: '529.982.247-25', CNPJ: '12.345.678/0001-95', document: { n: 1 } } } }, 'x');
      assert.deepEqual(lines()[0]?.payload.holder, { cpf: '[redacted]', CNPJ: '[redacted]', document: '[redacted]' });
      assert.ok(!raw().includes('529.982.247-25'));
    });

    it('scrubs CPF and CNPJ numbers from the message and any string value', () => {
      const { log, raw, lines } = capture();
      log.warn(
        {
          payload: {
            note: 'titular 52998224725 e empresa 12.345.678/0001-95',
            list: ['x 529.982.247-25 y', '12345678000195'],
          },
        },
        'member 529.982.247-25 (52998224725) of 12345678000195',
      );
      for (const doc of ['529.982.247-25', '52998224725', '12.345.678/0001-95', '12345678000195']) {
        assert.ok(!raw().includes(doc), `${doc} reached the output`);
      }
      const [line] = lines();
      assert.equal(line?.message, 'member [cpf] ([cpf]) of [cnpj]');
      assert.equal(line?.payload.note, 'titular [cpf] e empresa [cnpj]');
      assert.deepEqual(line?.payload.list, ['x [cpf] y', '[cnpj]']);
    });

    it('scrubs CPFs from error messages and stacks and from the log context', () => {
      const { log, raw, lines } = capture();
      runWithLogContext({ userId: '529.982.247-25' }, () => {
        log.error({ err: new Error('no member 52998224725') }, 'lookup failed');
      });
      assert.ok(!raw().includes('52998224725'));
      assert.ok(!raw().includes('529.982.247-25'));
      assert.equal(errOf(lines()[0]).message, 'no member [cpf]');
      assert.equal(lines()[0]?.user_id, '[cpf]');
    });

    it('keeps the real stdout of a process free of CPFs and passwords', () => {
      const root = path.resolve(__dirname, '../../../..');
      const out = execFileSync(
        process.execPath,
        ['--conditions=source', '--require', 'tsx/cjs', path.join(__dirname, 'fixtures/log-to-stdout.ts')],
        { cwd: root, encoding: 'utf8', timeout: 20_000 },
      );
      const lines = out.trim().split('\n');
      assert.equal(lines.length, 2);
      for (const forbidden of ['529.982.247-25', '52998224725', 'hunter2-secret']) {
        assert.ok(!out.includes(forbidden), `${forbidden} reached stdout`);
      }
      const [first, second] = lines.map((l) => JSON.parse(l) as LogLine);
      assert.equal(first?.service, 'stdout-fixture');
      assert.equal(first?.message, 'member [cpf] enrolled');
      assert.deepEqual(first?.payload, {
        password: '[redacted]',
        holder: { cpf: '[redacted]' },
        note: 'cpf [cpf] informed',
      });
      assert.equal(errOf(second).message, 'lookup failed for [cpf]');
    });
  });
});
