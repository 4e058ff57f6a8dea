import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { docsAssets } from '../../../src/openapi';

const packageDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

describe('docsAssets', () => {
  const serve = docsAssets();

  it('serves an index.html at /docs that loads only local assets and /openapi.json', () => {
    for (const url of ['/docs', '/docs/', '/docs/index.html', '/docs?x=1']) {
      const page = serve(url);
      assert.ok(page, url);
      assert.equal(page.contentType, 'text/html; charset=utf-8');
      const html = page.body.toString('utf8');
      assert.match(html, /<script src="\/docs\/swagger-ui-bundle\.js"/);
      assert.match(html, /<script src="\/docs\/swagger-initializer\.js"/);
      assert.match(html, /href="\/docs\/swagger-ui\.css"/);
      assert.doesNotMatch(html, /https?:\/\//, 'no CDN');
      assert.doesNotMatch(html, /<script>/, 'no inline script');
    }
    const init = serve('/docs/swagger-initializer.js');
    assert.equal(init?.contentType, 'text/javascript; charset=utf-8');
    assert.match(init?.body.toString('utf8') ?? '', /url: "\/openapi\.json"/);
    assert.match(init?.body.toString('utf8') ?? '', /validatorUrl: null/);
  });

  it("serves the package's own assets", () => {
    const bundle = serve('/docs/swagger-ui-bundle.js');
    assert.equal(bundle?.contentType, 'text/javascript; charset=utf-8');
    assert.ok(bundle?.body.equals(readFileSync(path.join(packageDir, 'swagger-ui-bundle.js'))));
    assert.equal(serve('/docs/swagger-ui.css')?.contentType, 'text/css; charset=utf-8');
    assert.equal(serve('/docs/favicon-32x32.png')?.contentType, 'image/png');
  });

  it('serves nothing else', () => {
    for (const url of [
      '/docs/package.json',
      '/docs/../package.json',
      '/docs/%2e%2e/package.json',
      '/docs/x',
      '/openapi.json',
      '/',
      '/docsx',
    ]) {
      assert.equal(serve(url), null, url);
    }
  });

  it('can live under another path and show another document', () => {
    const custom = docsAssets({ basePath: '/api/docs/', specUrl: '/api/openapi.json', title: 'Consórcio <API>' });
    const html = custom('/api/docs')?.body.toString('utf8') ?? '';
    assert.match(html, /src="\/api\/docs\/swagger-ui-bundle\.js"/);
    assert.match(html, /<title>Consórcio &#60;API&#62;<\/title>/);
    assert.match(custom('/api/docs/swagger-initializer.js')?.body.toString('utf8') ?? '', /"\/api\/openapi\.json"/);
    assert.equal(custom('/docs'), null);
  });
});
