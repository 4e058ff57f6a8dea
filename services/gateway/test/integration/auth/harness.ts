import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { generateKeyPairPem, loadSigningKey, loadVerificationKeys } from '@consorcio/shared/auth';
import { createRedis } from '@consorcio/shared/cache';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, uniqueSuffix } from '@consorcio/shared/testing';
import {
  PasswordHasher,
  RateLimiter,
  TokenService,
  handleAuthRequest,
  hashOpaqueToken,
  insertValidUser,
  validateNewUser,
  type AuthRouteDeps,
  type PasswordParams,
  type RedisClient,
} from '../../../src/auth';
import type { Role } from '@consorcio/shared/auth';

/** Cheap argon2id parameters: tests only. Production uses argon2's defaults. */
export const TEST_PASSWORD_PARAMS: PasswordParams = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const ISSUER = 'consorcio-gateway';
export const AUDIENCE = 'consorcio';
export const ACCESS_TTL = 900;
export const REFRESH_TTL = 30 * 24 * 3600;
export const PASSWORD = 'correct horse battery';

/** Every field any auth answer may carry (tests read the ones their route returns). */
export interface ApiBody {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
  code: number;
  message: string;
  details: { fieldViolations: { field: string; description: string }[] }[];
  id: string;
  username: string;
  roles: string[];
  memberId?: string;
  disabled: boolean;
  createdAt: string;
  passwordHash?: unknown;
}

/** One HTTP answer, body parsed when JSON (undefined when empty). */
export interface Answer {
  status: number;
  headers: Headers;
  body: ApiBody;
}

/** A `gateway.refresh_tokens` row. */
export interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/** A `gateway.users` row. */
export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: string[];
  disabled: boolean;
}

/** The field names of a 400 answer's violations, in order. */
export function violatedFields(body: ApiBody): string[] {
  return body.details[0]?.fieldViolations.map((v) => v.field) ?? [];
}

/** The auth routes on a real HTTP server over a fresh `gateway` schema and a key-prefixed Redis. */
export interface AuthHarness {
  db: Knex;
  redis: RedisClient;
  clock: ControlledClock;
  passwords: PasswordHasher;
  tokens: TokenService;
  deps: AuthRouteDeps;
  privateKeyPem: string;
  /** http://127.0.0.1:<port> of the test server. */
  base: string;
  /** POSTs JSON (or a raw string) to `path`, from client address `ip` (X-Forwarded-For). */
  post(path: string, body: unknown, opts?: { ip?: string; headers?: Record<string, string> }): Promise<Answer>;
  /** Inserts a user directly, bypassing the admin check; returns its id. */
  addUser(username: string, roles: Role[], memberId?: string): Promise<string>;
  /** The stored row of a user, by username. */
  user(username: string): Promise<UserRow>;
  /** The stored row of a refresh token (looked up by its digest). */
  tokenRow(refreshToken: string): Promise<TokenRow>;
  stop(): Promise<void>;
}

/** Drops and re-creates the `gateway` schema through the migrations, so each test file starts empty. */
export async function freshGatewaySchema(db: Knex): Promise<void> {
  await db.raw('drop schema if exists gateway cascade');
  await migrateUp(db, 'gateway');
}

let ipCounter = 0;
/** A client address no other test uses, so rate-limit counters never leak between tests. */
export function freshIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export async function startAuthHarness(limits: Partial<AuthRouteDeps['limits']> = {}): Promise<AuthHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'gateway-auth-test' });
  await freshGatewaySchema(db);
  const redis = createRedis(urls.redisUrl, { keyPrefix: `t_${uniqueSuffix()}:` });
  const log = createLogger({ service: 'gateway', level: 'silent' });
  const clock = new ControlledClock('2026-03-10T12:00:00Z');
  const pem = generateKeyPairPem();
  const signingKey = loadSigningKey(pem.privateKeyPem);
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  const tokens = new TokenService({
    db,
    clock,
    log,
    passwords,
    signingKey,
    issuer: ISSUER,
    audience: AUDIENCE,
    accessTokenTtlSeconds: ACCESS_TTL,
    refreshTokenTtlSeconds: REFRESH_TTL,
  });
  const deps: AuthRouteDeps = {
    tokens,
    users: { db, clock, passwords },
    limiter: new RateLimiter(redis, log),
    limits: { loginPerUsername: 5, loginPerIp: 20, otherPerIp: 1000, windowMs: 60_000, ...limits },
    verify: { publicKeys: loadVerificationKeys([pem.publicKeyPem]), issuer: ISSUER, audience: AUDIENCE, clock },
    log,
    trustProxy: true,
  };
  const server = http.createServer((req, res) => {
    void handleAuthRequest(req, res, deps).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    db,
    redis,
    clock,
    passwords,
    tokens,
    deps,
    privateKeyPem: pem.privateKeyPem,
    base,
    async post(path, body, opts = {}) {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': opts.ip ?? freshIp(), ...opts.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as ApiBody };
    },
    async addUser(username, roles, memberId) {
      const user = validateNewUser({ username, password: PASSWORD, roles, memberId });
      return (await insertValidUser({ clock, passwords }, db, user)).id;
    },
    async user(username) {
      return (await db('gateway.users').where({ username }).first()) as UserRow;
    },
    async tokenRow(refreshToken) {
      return (await db('gateway.refresh_tokens')
        .where({ token_hash: hashOpaqueToken(refreshToken) })
        .first()) as TokenRow;
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      // ioredis does not prefix KEYS patterns but does prefix DEL arguments.
      const prefix = redis.options.keyPrefix ?? '';
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(prefix.length)));
      await redis.quit();
      await db.destroy();
    },
  };
}
