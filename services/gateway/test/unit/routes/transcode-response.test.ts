import assert from 'node:assert/strict';
import { create, fromBinary, toBinary, type Message } from '@bufbuild/protobuf';
import { decodeRawResponse, decodeResponse, encodeRequest, givesRawBody, parseJsonBody } from '../../../src/routes';
import { fixtureRegistry } from './fixture-registry';
import { bindingOf, fixture, platform, rejects, request } from './transcode-support';

describe('parseJsonBody', () => {
  it('parses JSON and gives undefined for an empty body', () => {
    assert.deepEqual(parseJsonBody('{"a": [1, "b"]}'), { a: [1, 'b'] });
    assert.equal(parseJsonBody('  '), undefined);
  });

  it('says where invalid JSON breaks', () => {
    rejects(() => parseJsonBody('{"title": "x",}'), 'body: invalid JSON at position 14');
    rejects(() => parseJsonBody('{"code": "G1", "x": tru}'), 'body: invalid JSON at position 20');
    rejects(() => parseJsonBody('{"a": 1} x'), 'body: invalid JSON at position 9');
    rejects(() => parseJsonBody('{"a": "b'), 'body: invalid JSON at position 8');
  });
});

describe('encodeRequest', () => {
  it('encodes the built message to the wire format of the input type', () => {
    const { binding, msg } = request('POST', '/v1/groups/g1:constitute', { commonFundCentavos: '77' });
    const bytes = encodeRequest(msg as unknown as Message);
    const back = fromBinary(binding.method.input, bytes) as unknown as Record<string, unknown>;
    assert.deepEqual([back.groupId, back.commonFundCentavos], ['g1', 77n]);
  });

  it('needs the type of a message it did not build', () => {
    const desc = bindingOf(platform, 'GetGroup').method.input;
    assert.throws(() => encodeRequest(create(desc)), /no descriptor known/);
    assert.ok(encodeRequest(create(desc, { groupId: 'x' }), desc).length > 0);
  });
});

describe('decodeResponse', () => {
  const registry = fixtureRegistry();
  const encode = (typeName: string, init: object): Uint8Array => {
    const desc = registry.getMessage(typeName);
    assert.ok(desc);
    return toBinary(desc, create(desc, init as never));
  };

  it('writes ProtoJSON with defaults emitted: camelCase keys, int64 strings, enum names, RFC 3339', () => {
    const getBook = bindingOf(fixture, 'GetBook');
    const bytes = encode('test.gateway.v1.Book', {
      name: 'b1',
      priceCentavos: 9007199254740993n,
      color: 2,
      publishedAt: { seconds: 1714979289n, nanos: 0 },
    });
    assert.deepEqual(decodeResponse(getBook, bytes), {
      name: 'b1',
      title: '',
      priceCentavos: '9007199254740993',
      color: 'COLOR_BLUE',
      publishedAt: '2024-05-06T07:08:09Z',
      tags: [],
      available: false,
    });
  });

  it('sends only the response_body field', () => {
    const run = bindingOf(fixture, 'Run');
    const bytes = encode('test.gateway.v1.RunResponse', { total: 5n, book: { name: 'b' } });
    assert.deepEqual(decodeResponse(run, bytes), {
      name: 'b',
      title: '',
      priceCentavos: '0',
      color: 'COLOR_UNSPECIFIED',
      tags: [],
      available: false,
    });
    assert.deepEqual(decodeResponse(run, encode('test.gateway.v1.RunResponse', { total: 5n })), {});
    const tally = bindingOf(fixture, 'Tally');
    assert.equal(decodeResponse(tally, encode('test.gateway.v1.RunResponse', { total: 42n })), '42');
  });

  it('decodes a platform response', () => {
    const list = bindingOf(platform, 'ListGroups');
    assert.deepEqual(decodeResponse(list, new Uint8Array()), { groups: [] });
  });
});

describe('raw responses (google.api.HttpBody)', () => {
  const registry = fixtureRegistry();
  const encode = (typeName: string, init: object): Uint8Array => {
    const desc = registry.getMessage(typeName);
    assert.ok(desc);
    return toBinary(desc, create(desc, init as never));
  };
  const pdf = new TextEncoder().encode('%PDF-1.7 …');

  it('are the answers typed HttpBody, whole or named by response_body, and nothing else', () => {
    assert.equal(givesRawBody(bindingOf(fixture, 'ExportBook')), true);
    assert.equal(givesRawBody(bindingOf(fixture, 'DownloadBook')), true);
    assert.equal(givesRawBody(bindingOf(fixture, 'GetBook')), false);
    assert.equal(givesRawBody(bindingOf(fixture, 'Run')), false);
  });

  it('hand over the bytes and content type as they are', () => {
    const bytes = encode('google.api.HttpBody', { contentType: 'text/csv; charset=utf-8', data: pdf });
    const raw = decodeRawResponse(bindingOf(fixture, 'ExportBook'), bytes);
    assert.equal(raw.contentType, 'text/csv; charset=utf-8');
    assert.deepEqual([...raw.data], [...pdf]);
    assert.equal(raw.fileName, undefined);
  });

  it('take the file name beside the body, and default the content type', () => {
    const named = encode('test.gateway.v1.Download', {
      body: { contentType: 'application/pdf', data: pdf },
      fileName: 'ata-assembleia-3.pdf',
    });
    assert.deepEqual(decodeRawResponse(bindingOf(fixture, 'DownloadBook'), named), {
      contentType: 'application/pdf',
      data: pdf,
      fileName: 'ata-assembleia-3.pdf',
    });
    const bare = decodeRawResponse(bindingOf(fixture, 'DownloadBook'), encode('test.gateway.v1.Download', {}));
    assert.deepEqual([bare.contentType, bare.data.length, bare.fileName], ['application/octet-stream', 0, undefined]);
  });
});
