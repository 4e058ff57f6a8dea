// Waits until DATABASE_URL's host accepts TCP connections (a fresh PostgreSQL, or one still starting in a trial
// cluster), for at most MIGRATE_WAIT_SECONDS (default 120). No driver: only the port is tried.
'use strict';
const net = require('node:net');

const raw = process.env.DATABASE_URL;
if (!raw) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const url = new URL(raw);
const host = url.hostname || '127.0.0.1';
const port = Number(url.port || 5432);
const deadline = Date.now() + Number(process.env.MIGRATE_WAIT_SECONDS ?? 120) * 1000;

function attempt() {
  const socket = net.connect({ host, port, timeout: 2000 });
  const retry = () => {
    socket.destroy();
    if (Date.now() > deadline) {
      console.error(`PostgreSQL at ${host}:${port} did not answer in time`);
      process.exit(1);
    }
    setTimeout(attempt, 1000);
  };
  socket.once('connect', () => {
    socket.end();
    process.exit(0);
  });
  socket.once('timeout', retry);
  socket.once('error', retry);
}
attempt();
