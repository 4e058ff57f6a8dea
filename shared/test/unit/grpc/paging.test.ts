import assert from 'node:assert/strict';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, nextPageToken, readPage } from '../../../src/grpc/paging';
import { ValidationError } from '../../../src/errors';

const isId = (v: unknown): v is string => typeof v === 'string';

describe('paging', () => {
  it('defaults the page size and starts at the beginning', () => {
    assert.deepEqual(readPage(undefined, isId), { limit: DEFAULT_PAGE_SIZE, after: undefined });
    assert.deepEqual(readPage({ pageSize: 0, pageToken: '' }, isId), { limit: DEFAULT_PAGE_SIZE, after: undefined });
  });

  it('round-trips the cursor of the last item through an opaque token', () => {
    const items = ['a', 'b', 'c'];
    const token = nextPageToken(items, 3, (x) => x);
    assert.notEqual(token, '');
    assert.deepEqual(readPage({ pageSize: 3, pageToken: token }, isId), { limit: 3, after: 'c' });
  });

  it('gives no token when the page was not full', () => {
    assert.equal(
      nextPageToken(['a'], 2, (x) => x),
      '',
    );
  });

  it('refuses a page size out of range and a token it did not issue, naming the field', () => {
    assert.throws(() => readPage({ pageSize: MAX_PAGE_SIZE + 1, pageToken: '' }, isId), /page\.page_size/);
    assert.throws(() => readPage({ pageSize: -1, pageToken: '' }, isId), ValidationError);
    assert.throws(() => readPage({ pageSize: 1, pageToken: '!!!' }, isId), /page\.page_token/);
    const wrongShape = Buffer.from(JSON.stringify({ x: 1 })).toString('base64url');
    assert.throws(() => readPage({ pageSize: 1, pageToken: wrongShape }, isId), /page\.page_token/);
  });
});
