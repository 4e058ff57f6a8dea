import assert from 'node:assert/strict';
import { buildRequestMessage } from '../../../src/routes';
import { bindingOf, fixture, rejects, request } from './transcode-support';

describe('buildRequestMessage (query parameters)', () => {
  it('reads query parameters by proto name or JSON name, dotted through messages', () => {
    for (const q of ['page.page_size=2&page.page_token=t', 'page.pageSize=2&page.pageToken=t']) {
      const page = request('GET', `/v1/groups?${q}`).msg.page as Record<string, unknown>;
      assert.deepEqual([page.pageSize, page.pageToken], [2, 't']);
    }
    const filter = request('GET', '/v1/shelves/s/books?filter.page.page_size=7&filter.tags=a').msg.filter as Record<
      string,
      Record<string, unknown>
    >;
    assert.equal(filter.page?.pageSize, 7);
    assert.deepEqual(filter.tags, ['a']);
  });

  it('reads a repeated field from a repeated key', () => {
    const { msg } = request('GET', '/v1/shelves/s/books?ids=1&ids=9007199254740993&colors=COLOR_RED&colors=2');
    assert.deepEqual(msg.ids, [1n, 9007199254740993n]);
    assert.deepEqual(msg.colors, [1, 2]);
  });

  it('refuses two values for a field that is not repeated', () => {
    rejects(
      () => request('GET', '/v1/groups?status=1&status=2'),
      'status: given 2 times but the field is not repeated',
    );
    rejects(
      () => request('GET', '/v1/groups?page.page_size=1&page.pageSize=2'),
      'page.page_size: given 2 times but the field is not repeated',
    );
  });

  it('ignores unknown query parameters', () => {
    const { msg } = request('GET', '/v1/groups?nope=1&page.nope=2&status=GROUP_STATUS_ACTIVE&utm_source=x');
    assert.equal(msg.status, 3);
  });

  it('refuses a dotted key through a field that is not a message, and a map field', () => {
    rejects(
      () => request('GET', '/v1/shelves/s/books?color.x=1'),
      'color: is not a message field, so "color.x" cannot name one of its fields',
    );
    rejects(
      () => request('GET', '/v1/shelves/s/books?labels=a'),
      'labels: a map field cannot be set from a query parameter',
    );
    rejects(
      () => request('GET', '/v1/shelves/s/books?books=a'),
      'books: a test.gateway.v1.Book field cannot be set from a query parameter',
    );
  });

  it('converts query values per field type, naming the field when one is wrong', () => {
    const { msg } = request(
      'GET',
      '/v1/shelves/s/books?available=true&score=-2.5e1&limit=4294967295&color=1&after=2024-05-06T07:08:09.5Z',
    );
    assert.deepEqual([msg.available, msg.score, msg.limit, msg.color], [true, -25, 4294967295, 1]);
    assert.deepEqual(msg.after && { ...msg.after, $typeName: undefined }, {
      $typeName: undefined,
      seconds: 1714979289n,
      nanos: 500000000,
    });
    rejects(() => request('GET', '/v1/groups?page.page_size=abc'), 'page.page_size: "abc" is not an integer');
    rejects(() => request('GET', '/v1/groups?page.page_size=2.5'), 'page.page_size: "2.5" is not an integer');
    rejects(
      () => request('GET', '/v1/groups?page.page_size=2147483648'),
      'page.page_size: "2147483648" is out of range for int32',
    );
    rejects(() => request('GET', '/v1/shelves/s/books?limit=-1'), 'limit: "-1" is out of range for uint32');
    rejects(() => request('GET', '/v1/shelves/s/books?ids=1&ids=x'), 'ids: "x" is not an integer');
    rejects(
      () => request('GET', '/v1/shelves/s/books?available=yes'),
      'available: "yes" is not a boolean (true or false)',
    );
    rejects(() => request('GET', '/v1/shelves/s/books?score=1,5'), 'score: "1,5" is not a number');
    rejects(
      () => request('GET', '/v1/groups?status=ACTIVE'),
      'status: "ACTIVE" is not a value of enum consorcio.groups.v1.GroupStatus',
    );
    rejects(() => request('GET', '/v1/shelves/s/books?after=2024-13-01'), 'after: invalid RFC 3339 string');
  });

  it('reads enums by name or number in a query, and a 64-bit integer path variable', () => {
    assert.equal(request('GET', '/v1/groups?status=GROUP_STATUS_FORMING').msg.status, 2);
    assert.equal(request('GET', '/v1/groups?status=2').msg.status, 2);
    const getBook = bindingOf(fixture, 'GetBook');
    const msg = buildRequestMessage(
      getBook,
      { name: 'n' },
      new URLSearchParams('version=-9223372036854775808'),
      undefined,
    );
    assert.equal((msg as unknown as { version: bigint }).version, -9223372036854775808n);
  });
});
