import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  ports?: string[];
  healthcheck?: { test?: unknown };
  deploy?: { resources?: { limits?: { memory?: string } } };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };

  it('is accepted by docker-compose when the client is installed (no engine needed)', function () {
    if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) this.skip();
    execFileSync('docker-compose', ['config', '-q'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('runs the same servers as the local script, plus Jaeger', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['jaeger', 'postgres', 'rabbitmq', 'redis']);
  });

  it('gives every service a healthcheck, a memory limit and ports on loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      assert.ok(s.healthcheck?.test, `${name} has a healthcheck`);
      assert.ok(s.deploy?.resources?.limits?.memory, `${name} has a memory limit`);
      for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${name} publishes ${p} on loopback only`);
    }
  });

  it('publishes PostgreSQL, Redis and RabbitMQ on the ports deploy/local/infra.sh uses', () => {
    const script = readFileSync(path.join(ROOT, 'deploy/local/infra.sh'), 'utf8');
    const dev = /dev\)\s+def_pg=(\d+) def_redis=(\d+) def_amqp=(\d+)/.exec(script);
    assert.ok(dev, 'infra.sh has a dev profile');
    const hostPort = (svc: string) => compose.services[svc]!.ports![0]!.split(':')[1];
    assert.equal(hostPort('postgres'), dev[1]);
    assert.equal(hostPort('redis'), dev[2]);
    assert.equal(hostPort('rabbitmq'), dev[3]);
  });
});
