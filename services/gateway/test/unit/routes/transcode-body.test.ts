import assert from 'node:assert/strict';
import { rejects, request } from './transcode-support';

describe('buildRequestMessage (path and body)', () => {
  it('sets path variables, URL-decoded, into their fields', () => {
    assert.equal(request('GET', '/v1/groups/g%201').msg.groupId, 'g 1');
    assert.equal(request('GET', '/v1/shelves/s1/books/b1').msg.name, 'shelves/s1/books/b1');
  });

  it('maps every field from the body with body "*", and then reads no query parameter', () => {
    const { msg } = request('POST', '/v1/groups/g1:constitute?assembly_id=from-query&reserveFundCentavos=9', {
      assemblyId: 'a1',
      common_fund_centavos: '1250',
    });
    assert.equal(msg.groupId, 'g1');
    assert.equal(msg.assemblyId, 'a1');
    assert.equal(msg.commonFundCentavos, 1250n);
    assert.equal(msg.reserveFundCentavos, 0n);
  });

  it('lets the path variable win over the same field in the body', () => {
    assert.equal(request('POST', '/v1/groups/g1:publish', { groupId: 'other' }).msg.groupId, 'g1');
  });

  it('accepts a missing body', () => {
    assert.equal(request('POST', '/v1/groups/g1:publish', undefined).msg.groupId, 'g1');
  });

  it('maps the body to the named field, the rest from query parameters and the path', () => {
    const { msg } = request('POST', '/v1/shelves/s1/books?request_id=r1&book.title=ignored&shelf=ignored', {
      title: 'Dom Casmurro',
      priceCentavos: '4990',
    });
    assert.equal(msg.shelf, 's1');
    assert.equal(msg.requestId, 'r1');
    const book = msg.book as Record<string, unknown>;
    assert.equal(book.title, 'Dom Casmurro');
    assert.equal(book.priceCentavos, 4990n);
  });

  it('reads an additional binding with its own body rule', () => {
    const { binding, msg } = request('PUT', '/v1/books?request_id=ignored', { shelf: 's2', book: { title: 'T' } });
    assert.equal(binding.bindingIndex, 1);
    assert.equal(msg.shelf, 's2');
    assert.equal((msg.book as Record<string, unknown>).title, 'T');
    assert.equal(msg.requestId, '');
  });

  it('transcodes a custom-verb route with its path variable and body', () => {
    const { binding, msg } = request('POST', '/v1/shelves/s9:run', { count: '3' });
    assert.equal(binding.methodName, 'Run');
    assert.deepEqual([msg.shelf, msg.count], ['s9', 3n]);
  });

  it('reads int64 from a JSON string or integer, beyond 2^53 exactly', () => {
    const big = request('POST', '/v1/groups/g:constitute', { commonFundCentavos: '9007199254740993' }).msg;
    assert.equal(big.commonFundCentavos, 9007199254740993n);
    assert.equal(
      request('POST', '/v1/groups/g:constitute', { commonFundCentavos: 1250 }).msg.commonFundCentavos,
      1250n,
    );
  });

  it('reads enums by name or number and Timestamps in RFC 3339 from the body', () => {
    const book = request('POST', '/v1/shelves/s/books', { color: 'COLOR_BLUE', publishedAt: '2024-05-06T07:08:09Z' })
      .msg.book as Record<string, unknown>;
    assert.equal(book.color, 2);
    assert.equal((book.publishedAt as { seconds: bigint }).seconds, 1714979289n);
    const byNumber = request('POST', '/v1/shelves/s/books', { color: 1 }).msg.book as Record<string, unknown>;
    assert.equal(byNumber.color, 1);
  });

  it('refuses a JSON value of the wrong type, naming the field', () => {
    const constitute = (body: unknown) => () => request('POST', '/v1/groups/g:constitute', body);
    rejects(constitute({ commonFundCentavos: '12.5' }), 'common_fund_centavos: "12.5" is not an integer');
    rejects(constitute({ commonFundCentavos: 12.5 }), 'common_fund_centavos: 12.5 is not an integer');
    rejects(constitute({ commonFundCentavos: true }), 'common_fund_centavos: expected an integer (int64), got true');
    rejects(constitute({ assemblyId: 5 }), 'assembly_id: expected a string, got 5');
    rejects(constitute({ nope: 1 }), 'nope: unknown field');
    rejects(
      constitute({ assemblyId: 'a', assembly_id: 'b' }),
      'assembly_id: given twice (by its proto and JSON names)',
    );
    rejects(constitute([1]), 'body: expected a JSON object, got [1]');
    rejects(constitute('text'), 'body: expected a JSON object, got "text"');
  });

  it('names nested fields by their full path', () => {
    const createBook = (body: unknown) => () => request('POST', '/v1/shelves/s/books', body);
    rejects(createBook({ priceCentavos: 'R$ 10' }), 'book.price_centavos: "R$ 10" is not an integer');
    rejects(createBook({ sequel: { available: 'yes' } }), 'book.sequel.available: expected true or false, got "yes"');
    rejects(createBook({ sequel: { nope: 1 } }), 'book.sequel.nope: unknown field');
    rejects(createBook({ color: 'PURPLE' }), 'book.color: "PURPLE" is not a value of enum test.gateway.v1.Color');
    rejects(createBook({ publishedAt: 'yesterday' }), 'book.published_at: invalid RFC 3339 string');
    rejects(createBook({ tags: ['a', 2] }), 'book.tags: list item #2: expected string, got 2');
    rejects(createBook({ sequel: 3 }), 'book.sequel: expected a JSON object, got 3');
    rejects(
      () => request('PUT', '/v1/books', { book: { sequel: { sequel: { priceCentavos: [] } } } }),
      'book.sequel.sequel.price_centavos: expected an integer (int64), got []',
    );
  });

  it('names an item of a repeated message field by its index, and reads maps', () => {
    const { msg } = request('POST', '/v1/shelves/s/books:import', {
      books: [{ title: 'a' }, { title: 'b', tags: ['x'] }],
      labels: { origin: 'sebo' },
    });
    assert.deepEqual(
      (msg.books as Record<string, unknown>[]).map((b) => b.title),
      ['a', 'b'],
    );
    assert.deepEqual(msg.labels, { origin: 'sebo' });
    const importing = (body: unknown) => () => request('POST', '/v1/shelves/s/books:import', body);
    rejects(importing({ books: [{}, { priceCentavos: 'x' }] }), 'books[1].price_centavos: "x" is not an integer');
    rejects(importing({ books: [{ nope: 1 }] }), 'books[0].nope: unknown field');
    rejects(importing({ books: [null] }), 'books[0]: expected a JSON object, got null');
    rejects(importing({ labels: { a: 1 } }), 'labels: map entry "a": expected string, got 1');
  });
});
