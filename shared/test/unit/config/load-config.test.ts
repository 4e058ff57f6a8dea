import assert from 'node:assert/strict';
import { z } from 'zod';
import { ConfigError, bool, int, loadConfig, optionalStr, port, str, url } from '../../../src/config';

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('returns typed values parsed from the given environment', () => {
    const cfg = loadConfig(
      { PORT: port(), NAME: str(), ON: bool(), N: int({ min: 0 }), U: url(), NOTE: optionalStr() },
      { PORT: '50051', NAME: 'groups', ON: 'yes', N: '7', U: 'http://x.test/a' },
    );
    const port_: number = cfg.PORT;
    const note: string | undefined = cfg.NOTE;
    assert.deepEqual(cfg, { PORT: 50051, NAME: 'groups', ON: true, N: 7, U: 'http://x.test/a' });
    assert.equal(port_, 50051);
    assert.equal(note, undefined);
  });

  it('names every missing and invalid variable with its rule in one message', () => {
    const err = problemsOf(() =>
      loadConfig({ DATABASE_URL: url(), GRPC_PORT: port(), DEBUG: bool() }, { GRPC_PORT: '70000', DEBUG: 'maybe' }),
    );
    assert.equal(
      err.message,
      'config: DATABASE_URL is required; GRPC_PORT must be an integer 1..65535; ' +
        'DEBUG must be a boolean (true/false, 1/0, yes/no, on/off)',
    );
    assert.deepEqual(
      err.problems.map((p) => p.variable),
      ['DATABASE_URL', 'GRPC_PORT', 'DEBUG'],
    );
  });

  it('treats a blank variable as missing', () => {
    const err = problemsOf(() => loadConfig({ NAME: str() }, { NAME: '   ' }));
    assert.equal(err.message, 'config: NAME is required');
  });

  it('uses defaults for missing variables but still checks present ones', () => {
    assert.deepEqual(loadConfig({ P: port({ default: 9464 }) }, {}), { P: 9464 });
    const err = problemsOf(() => loadConfig({ P: port({ default: 9464 }) }, { P: 'abc' }));
    assert.equal(err.message, 'config: P must be an integer 1..65535');
  });

  it('ignores variables the shape does not declare', () => {
    assert.deepEqual(loadConfig({ A: str() }, { A: 'a', SECRET: 's' }), { A: 'a' });
  });

  it('reads process.env when no environment is given', () => {
    process.env.CONSORCIO_CONFIG_TEST_VAR = '42';
    try {
      assert.equal(loadConfig({ CONSORCIO_CONFIG_TEST_VAR: int() }).CONSORCIO_CONFIG_TEST_VAR, 42);
    } finally {
      delete process.env.CONSORCIO_CONFIG_TEST_VAR;
    }
  });

  it('returns a frozen object', () => {
    const cfg = loadConfig({ A: str() }, { A: 'a' });
    assert.ok(Object.isFrozen(cfg));
  });

  it('accepts plain zod schemas next to the helpers', () => {
    const cfg = loadConfig({ MODE: z.enum(['a', 'b']) }, { MODE: 'b' });
    const mode: 'a' | 'b' = cfg.MODE;
    assert.equal(mode, 'b');
  });
});
