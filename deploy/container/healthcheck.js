// The container's health check (Dockerfile HEALTHCHECK, docker-compose): exits 0 when healthy.
// A gRPC service: grpc.health.v1 Check of the whole server ('') is SERVING (its PostgreSQL and RabbitMQ answer).
// The gateway: GET /readyz answers 200 (every routed service is SERVING).
'use strict';
const fail = (why) => {
  console.error(`unhealthy: ${why}`);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 4000).unref();

if (process.env.SERVICE === 'gateway') {
  const http = require('node:http');
  const port = Number(process.env.GATEWAY_HTTP_PORT || 8080);
  http
    .get({ host: '127.0.0.1', port, path: '/readyz', timeout: 3000 }, (res) => {
      res.resume();
      if (res.statusCode === 200) process.exit(0);
      fail(`/readyz answered ${res.statusCode}`);
    })
    .on('error', (err) => fail(err.message));
} else {
  const grpc = require('@grpc/grpc-js');
  const { service } = require('grpc-health-check');
  const Health = grpc.makeClientConstructor(service, 'grpc.health.v1.Health');
  // The services' own defaults when GRPC_PORT is not set (see services/<svc>/src/config.ts).
  const defaults = {
    groups: 50051,
    payments: 50052,
    draws: 50053,
    credit: 50054,
    audit: 50055,
    notifications: 50056,
    documents: 50057,
    settings: 50058,
  };
  const port = Number(process.env.GRPC_PORT || defaults[process.env.SERVICE]);
  if (!port) fail('neither GRPC_PORT nor a known SERVICE is set');
  const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  client.check({ service: '' }, { deadline: Date.now() + 3000 }, (err, res) => {
    if (err) fail(err.message);
    if (res.status !== 'SERVING') fail(res.status);
    process.exit(0);
  });
}
