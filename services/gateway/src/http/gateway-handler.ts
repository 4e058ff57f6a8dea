import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithLogContext, type Logger } from '@consorcio/shared/log';
import { status } from '@grpc/grpc-js';
import { handleAuthRequest, type AuthRouteDeps } from '../auth';
import { sendJson } from './json-response';
import type { OpenApiDocument } from '../openapi';
import { handleApiRoute, type ApiRouteDeps } from './api-route';
import { applyCors, correlationIdOf, setSecurityHeaders } from './edge-headers';
import type { Readiness } from './readiness';

export interface GatewayHandlerDeps {
  api: ApiRouteDeps;
  auth: AuthRouteDeps;
  openApi: OpenApiDocument;
  docs: (urlPath: string) => { contentType: string; body: Buffer } | null;
  readiness: Readiness;
  corsOrigins: readonly string[];
  log: Logger;
  onRequestEnd?: (route: string, status: number, seconds: number) => void;
}

/**
 * The gateway's one request handler: edge headers and CORS, the operational endpoints (`/healthz`,
 * `/readyz`, `/openapi.json`, `/docs`), the auth routes, then every REST route derived from the
 * protos. Nothing here is specific to one service.
 */
export function gatewayHandler(deps: GatewayHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const knownPrefixes = new Set(
    deps.api.routes.bindings.map((b) =>
      b.pathTemplate
        .split('/')
        .slice(0, 3)
        .join('/')
        .replace(/[:{].*$/, ''),
    ),
  );
  return (req, res) => {
    const started = performance.now();
    const correlationId = correlationIdOf(req);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const docsPage = url.pathname === '/docs' || url.pathname.startsWith('/docs/');
    res.setHeader('x-correlation-id', correlationId);
    setSecurityHeaders(res, docsPage);
    res.on('finish', () =>
      deps.onRequestEnd?.(
        routeLabel(url.pathname, knownPrefixes),
        res.statusCode,
        (performance.now() - started) / 1000,
      ),
    );
    void runWithLogContext({ correlationId }, async () => {
      try {
        if (applyCors(req, res, deps.corsOrigins)) return;
        if (await operational(req, res, url, deps, docsPage)) return;
        if (await handleAuthRequest(req, res, deps.auth)) return;
        await handleApiRoute(req, res, url, correlationId, deps.api);
      } catch (err) {
        deps.log.error({ err }, 'gateway request failed');
        if (!res.headersSent) sendJson(res, 500, { code: status.INTERNAL, message: 'internal error', details: [] });
        else res.destroy();
      }
    });
  };
}

async function operational(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: GatewayHandlerDeps,
  docsPage: boolean,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.pathname === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
    return true;
  }
  if (url.pathname === '/readyz') {
    const r = await deps.readiness.check();
    sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', services: r.services });
    return true;
  }
  if (url.pathname === '/openapi.json') {
    sendJson(res, 200, deps.openApi);
    return true;
  }
  if (docsPage) {
    const asset = deps.docs(url.pathname);
    if (!asset) return false;
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=3600' });
    res.end(asset.body);
    return true;
  }
  return false;
}

const OPERATIONAL = new Set(['/healthz', '/readyz', '/openapi.json', '/docs']);

/**
 * A bounded label for metrics: the operational paths, the auth routes, the first segment of an API
 * path (`/v1/groups`) only when it is one the route table knows, else `other` — so random URLs
 * cannot create unbounded series.
 */
function routeLabel(path: string, knownPrefixes: ReadonlySet<string>): string {
  if (OPERATIONAL.has(path) || path.startsWith('/v1/auth/')) return path.startsWith('/v1/auth/') ? '/v1/auth' : path;
  if (path.startsWith('/docs/')) return '/docs';
  const prefix = path.split('/').slice(0, 3).join('/');
  return knownPrefixes.has(prefix) ? prefix : 'other';
}
