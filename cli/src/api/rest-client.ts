/** A refused REST call: the HTTP status and the platform's error body (`code`, `message`, `details`). */
export class ApiError extends Error {
  /** The server's Retry-After, when it sent one. */
  retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    const message = (body as { message?: unknown } | undefined)?.message;
    super(`${method} ${path}: ${status} ${typeof message === 'string' ? message : JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

/** Tokens of a signed-in user, renewed with the refresh token shortly before the access token expires. */
/** A downloaded file. */
export interface Download {
  contentType: string;
  bytes: Uint8Array;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is renewed. */
  renewAfter: number;
}

/** A ProtoJSON client of the gateway's REST API for one signed-in user (or nobody). */
export class RestClient {
  private renewing: Promise<void> | undefined;

  constructor(
    readonly baseUrl: string,
    private tokens?: Tokens,
    /** Called with renewed tokens (the CLI saves its session). */
    private readonly onRenew?: (t: Tokens) => void,
    /**
     * How long to keep retrying a call the platform could not serve (no connection, 502, 503, 504), ms; 0 = never.
     * Only for callers whose every command is idempotent (by key or by nature), like the simulation.
     */
    private readonly retryUnavailableMs = 0,
  ) {}

  /** The same user, retrying unavailable calls for up to `ms` (see the constructor). */
  retrying(ms: number): RestClient {
    return new RestClient(this.baseUrl, this.tokens, this.onRenew, ms);
  }

  /** Signs in with a username and password. */
  static async login(baseUrl: string, username: string, password: string): Promise<RestClient> {
    const anonymous = new RestClient(baseUrl);
    const t = await anonymous.call<TokenAnswer>('POST', '/v1/auth/login', { username, password });
    return new RestClient(baseUrl, tokensOf(t));
  }

  get session(): Tokens | undefined {
    return this.tokens;
  }

  /**
   * One call: JSON in and out; rejects with {@link ApiError} on any status but 2xx. A 429 is waited out (its
   * Retry-After, a few times) rather than failed: the gateway's rate limit is there to slow a client down.
   */
  call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.withRetries(async () => (await this.once(method, path, body, headers)) as T);
  }

  /** A file the API answers as it is (a `google.api.HttpBody`: a report export, a document): its bytes and type. */
  download(path: string): Promise<Download> {
    return this.withRetries(async () => (await this.once('GET', path, undefined, {}, 'bytes')) as Download);
  }

  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + this.retryUnavailableMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof ApiError && err.status === 429 && attempt < 5) {
          await new Promise((r) => setTimeout(r, err.retryAfterMs ?? 1000));
        } else if (isUnavailable(err) && Date.now() < giveUpAt) {
          await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
        } else throw err;
      }
    }
  }

  private async once(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    answer: 'json' | 'bytes' = 'json',
  ): Promise<unknown> {
    if (this.tokens && Date.now() > this.tokens.renewAfter) await this.renew();
    // Raw bytes (a document) go as they are, with the caller's content type; anything else as JSON.
    const raw = body instanceof Uint8Array;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...(this.tokens ? { authorization: `Bearer ${this.tokens.accessToken}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
    });
    if (res.ok && answer === 'bytes') {
      return { contentType: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
    }
    const text = await res.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const error = new ApiError(res.status, parsed, method, path);
      const retryAfter = Number(res.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfterMs = Math.min(60, retryAfter) * 1000;
      throw error;
    }
    return parsed;
  }

  /** The answer's ProtoJSON, typed by the caller (the REST API's shapes: lowerCamelCase, int64 as strings). */
  get<T = unknown>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>('POST', path, body, headers);
  }

  /** Posts raw bytes (an rpc whose body is a `google.api.HttpBody`, a document upload). */
  upload<T = unknown>(path: string, bytes: Uint8Array, contentType: string): Promise<T> {
    return this.call<T>('POST', path, bytes, { 'content-type': contentType });
  }

  /**
   * Every item of a paged list (a `consorcio.common.v1.PageRequest` answer), page after page of 500: `items` picks
   * them out of each answer.
   */
  async listAll<A extends { page?: { nextPageToken?: string } }, T>(
    path: string,
    items: (answer: A) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    const join = path.includes('?') ? '&' : '?';
    let token = '';
    do {
      const page = await this.get<A>(
        `${path}${join}page.pageSize=500${token ? `&page.pageToken=${encodeURIComponent(token)}` : ''}`,
      );
      all.push(...items(page));
      token = page.page?.nextPageToken ?? '';
    } while (token);
    return all;
  }

  private renew(): Promise<void> {
    this.renewing ??= (async () => {
      const refreshToken = this.tokens?.refreshToken;
      const anonymous = new RestClient(this.baseUrl);
      const t = await anonymous.call<TokenAnswer>('POST', '/v1/auth/refresh', { refreshToken });
      this.tokens = tokensOf(t);
      this.onRenew?.(this.tokens);
    })().finally(() => (this.renewing = undefined));
    return this.renewing;
  }
}

/**
 * The platform could not serve the call now: no connection, a gateway/service unavailable answer, or ABORTED (gRPC
 * code 10, HTTP 409) — a lock still held, say by a replica that died holding it until its TTL runs out.
 */
function isUnavailable(err: unknown): boolean {
  if (err instanceof ApiError) {
    const code = (err.body as { code?: unknown } | undefined)?.code;
    return err.status === 502 || err.status === 503 || err.status === 504 || (err.status === 409 && code === 10);
  }
  return err instanceof TypeError; // fetch's network failure
}

interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

function tokensOf(t: TokenAnswer): Tokens {
  // Renew at two thirds of the lifetime, so a call never goes out with a token about to expire.
  return {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    renewAfter: Date.now() + (t.expiresIn * 2000) / 3,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
