import { ValidationError } from '../errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A list request's page, decoded: how many items and where the previous page stopped. */
export interface PageCursor<C> {
  limit: number;
  after: C | undefined;
}

/**
 * Decodes consorcio.common.v1.PageRequest. Tokens are opaque to clients (base64url JSON of the last
 * item's sort key), so keyset paging stays stable while rows are added.
 */
export function readPage<C>(
  page: { pageSize: number; pageToken: string } | undefined,
  isCursor: (v: unknown) => v is C,
): PageCursor<C> {
  const size = page?.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new ValidationError('page.page_size', `must be 0..${MAX_PAGE_SIZE} (0 means ${DEFAULT_PAGE_SIZE})`);
  }
  const limit = size === 0 ? DEFAULT_PAGE_SIZE : size;
  if (!page?.pageToken) return { limit, after: undefined };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(page.pageToken, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('page.page_token', 'is not a token this API issued');
  }
  if (!isCursor(decoded)) throw new ValidationError('page.page_token', 'is not a token this API issued');
  return { limit, after: decoded };
}

/** The next page's token, or '' when `items` did not fill the page (it was the last). */
export function nextPageToken<T, C>(items: readonly T[], limit: number, cursorOf: (last: T) => C): string {
  const last = items[items.length - 1];
  if (items.length < limit || last === undefined) return '';
  return Buffer.from(JSON.stringify(cursorOf(last)), 'utf8').toString('base64url');
}
