import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One file of the docs page. */
export interface DocsAsset {
  contentType: string;
  body: Buffer;
}

/** Options of {@link docsAssets}. */
export interface DocsOptions {
  /** Where the page is served (default `/docs`). */
  basePath?: string;
  /** The OpenAPI document the page shows (default `/openapi.json`). */
  specUrl?: string;
  /** The page's title (default `API reference`). */
  title?: string;
}

/** Files of swagger-ui-dist the page loads; nothing else of the package is served. */
const PACKAGE_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/**
 * A browsable API reference (Swagger UI) served from the `swagger-ui-dist` package on this origin,
 * no CDN. Returns a lookup `(urlPath) => asset | null`: `/docs` and `/docs/` give the page, which
 * loads only `/docs/...` assets (no inline script, so a `script-src 'self'` policy holds) and the
 * document at `specUrl`; anything else under the base path, or outside it, is null.
 */
export function docsAssets(options: DocsOptions = {}): (urlPath: string) => DocsAsset | null {
  const base = (options.basePath ?? '/docs').replace(/\/+$/, '');
  const specUrl = options.specUrl ?? '/openapi.json';
  const title = options.title ?? 'API reference';
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, DocsAsset>();

  const generated: Record<string, () => DocsAsset> = {
    'index.html': () => ({ contentType: HTML, body: Buffer.from(indexHtml(base, title)) }),
    'swagger-initializer.js': () => ({ contentType: JS, body: Buffer.from(initializerJs(specUrl)) }),
  };

  return (urlPath) => {
    const pathname = urlPath.split(/[?#]/, 1)[0] ?? '';
    let name: string;
    if (pathname === base || pathname === `${base}/`) name = 'index.html';
    else if (pathname.startsWith(`${base}/`)) name = pathname.slice(base.length + 1);
    else return null;
    const cached = cache.get(name);
    if (cached) return cached;
    const make = generated[name];
    const contentType = PACKAGE_FILES[name];
    let asset: DocsAsset | null = null;
    if (make) asset = make();
    else if (contentType) asset = { contentType, body: readFileSync(path.join(dir, name)) };
    if (asset) cache.set(name, asset);
    return asset;
  };
}

function indexHtml(rawBase: string, title: string): string {
  const base = escapeHtml(rawBase);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" type="text/css" href="${base}/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="${base}/index.css" />
    <link rel="icon" type="image/png" href="${base}/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="${base}/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${base}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${base}/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;
}

/** No validator badge (it would call validator.swagger.io) and no URL bar: only our document. */
function initializerJs(specUrl: string): string {
  return `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(specUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
