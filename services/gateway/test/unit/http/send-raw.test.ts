import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendRaw } from '../../../src/http/json-response';

describe('sendRaw', () => {
  let server: Server;
  let base = '';
  let next: Parameters<typeof sendRaw>[1];

  before(async () => {
    server = createServer((_req, res) => sendRaw(res, next));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('writes the bytes with their type, uncached and unsniffable', async () => {
    next = { contentType: 'text/csv; charset=utf-8', data: Buffer.from('a,b\r\n1,2\r\n') };
    const res = await fetch(base);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-disposition'), null);
    assert.equal(await res.text(), 'a,b\r\n1,2\r\n');
  });

  it('names the file as an attachment, with an ASCII fallback for accents and quotes', async () => {
    next = { contentType: 'application/pdf', data: Buffer.from('%PDF'), fileName: 'posição "grupo".pdf' };
    const res = await fetch(base);
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="posi__o _grupo_.pdf"; filename*=UTF-8''posi%C3%A7%C3%A3o%20%22grupo%22.pdf`,
    );
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), '%PDF');
  });
});
