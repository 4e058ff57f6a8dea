// Preload: the services serve Prometheus metrics on 127.0.0.1:METRICS_PORT, which a scraper in another
// container or pod cannot reach. With METRICS_HOST set (the image sets 0.0.0.0), that one listener binds
// there instead. Nothing else changes: only a listen on exactly (METRICS_PORT, '127.0.0.1') is redirected,
// so this does nothing once the services read METRICS_HOST themselves.
'use strict';
const net = require('node:net');

const host = process.env.METRICS_HOST;
const port = Number(process.env.METRICS_PORT);
if (host && host !== '127.0.0.1' && Number.isInteger(port) && port > 0) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    if (args[0] === port && args[1] === '127.0.0.1') args[1] = host;
    return listen.apply(this, args);
  };
}
