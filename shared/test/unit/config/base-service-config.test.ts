import assert from 'node:assert/strict';
import {
  ConfigError,
  baseServiceConfig,
  configOnce,
  int,
  loadConfig,
  type BaseServiceConfig,
} from '../../../src/config';

const env = {
  SERVICE_NAME: 'groups',
  GRPC_PORT: '50051',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:25432/consorcio',
  REDIS_URL: 'redis://127.0.0.1:26379',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:25672',
};

describe('baseServiceConfig', () => {
  it('fills GRPC_HOST, LOG_LEVEL, METRICS_HOST, the clock and METRICS_PORT defaults', () => {
    const cfg: BaseServiceConfig = loadConfig(baseServiceConfig, env);
    assert.deepEqual(cfg, {
      ...env,
      GRPC_PORT: 50051,
      GRPC_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      METRICS_HOST: '127.0.0.1',
      CONSORCIO_CLOCK: 'system',
    });
    assert.equal(cfg.METRICS_PORT, undefined);
  });

  it('reports every missing base variable at once', () => {
    assert.throws(
      () => loadConfig(baseServiceConfig, {}),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message ===
          'config: SERVICE_NAME is required; GRPC_PORT is required; DATABASE_URL is required; ' +
            'REDIS_URL is required; AMQP_URL is required',
    );
  });

  it('rejects a database URL with the wrong scheme and an unknown log level', () => {
    assert.throws(
      () => loadConfig(baseServiceConfig, { ...env, DATABASE_URL: 'mysql://h/db', LOG_LEVEL: 'loud' }),
      /DATABASE_URL must be a URL \(postgres:\/\/ or postgresql:\/\/\); LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });

  it('extends with service-specific variables', () => {
    const cfg = loadConfig(
      { ...baseServiceConfig, CACHE_TTL_SECONDS: int({ default: 60 }) },
      { ...env, METRICS_PORT: '9464' },
    );
    assert.equal(cfg.CACHE_TTL_SECONDS, 60);
    assert.equal(cfg.METRICS_PORT, 9464);
  });
});

describe('configOnce', () => {
  it('runs the loader once and returns the same object afterwards', () => {
    let calls = 0;
    const config = configOnce(() => {
      calls++;
      return loadConfig(baseServiceConfig, env);
    });
    const first = config();
    assert.equal(config(), first);
    assert.equal(calls, 1);
  });

  it('does not cache a failure, so a later call can succeed', () => {
    let source: Record<string, string> = {};
    const config = configOnce(() => loadConfig(baseServiceConfig, source));
    assert.throws(config, ConfigError);
    source = env;
    assert.equal(config().SERVICE_NAME, 'groups');
  });
});
