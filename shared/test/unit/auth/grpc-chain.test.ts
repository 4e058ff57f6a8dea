import assert from 'node:assert/strict';
import { Metadata, status, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { UnauthenticatedError, toGrpcStatus } from '../../../src/errors';
import { withMiddleware, type CallContext, type Principal } from '../../../src/grpc';
import {
  generateKeyPairPem,
  jwtAuthenticator,
  loadSigningKey,
  loadVerificationKeys,
  requireRole,
  signAccessToken,
} from '../../../src/auth';

const opts = { issuer: 'consorcio-gateway', audience: 'consorcio' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Outcome {
  code: number;
  details?: string;
  principal?: Principal | null;
}

describe('jwtAuthenticator inside the gRPC middleware chain', () => {
  const pem = generateKeyPairPem();
  const privateKey = loadSigningKey(pem.privateKeyPem);
  const service = withMiddleware<UntypedServiceImplementation>(
    {
      whoAmI: (_req: unknown, ctx: CallContext) => Promise.resolve({ principal: ctx.principal }),
      adminOnly: (_req: unknown, ctx: CallContext) => {
        requireRole(ctx.principal, 'ADMIN');
        return Promise.resolve({ principal: ctx.principal });
      },
    },
    { log: silent, authenticate: jwtAuthenticator({ ...opts, publicKeys: loadVerificationKeys([pem.publicKeyPem]) }) },
  );

  /** Invokes one handler the way grpc-js would, with `authorization` metadata when given. */
  function call(method: string, authorization?: string): Promise<Outcome> {
    const metadata = new Metadata();
    if (authorization !== undefined) metadata.set('authorization', authorization);
    const fake = { metadata, request: {}, getDeadline: () => Infinity } as unknown as ServerUnaryCall<unknown, unknown>;
    return new Promise((resolve) => {
      const handler = service[method] as (c: unknown, cb: (err: unknown, res?: unknown) => void) => void;
      handler(fake, (err, res) => {
        if (err) resolve({ code: (err as { code: number }).code, details: (err as { details: string }).details });
        else resolve({ code: status.OK, principal: (res as { principal: Principal | null }).principal });
      });
    });
  }

  it('anonymous calls reach the handler with a null principal; its rules answer UNAUTHENTICATED', async () => {
    assert.deepEqual(await call('whoAmI'), { code: status.OK, principal: null });
    assert.deepEqual(await call('adminOnly'), { code: status.UNAUTHENTICATED, details: 'authentication required' });
  });

  it('a good token gives the handler its principal; a role it lacks is PERMISSION_DENIED', async () => {
    const token = await signAccessToken({ sub: 'u1', roles: ['OPERATOR'] }, privateKey, { ...opts, ttlSeconds: 60 });
    assert.deepEqual(await call('whoAmI', `Bearer ${token}`), {
      code: status.OK,
      principal: { userId: 'u1', roles: ['OPERATOR'] },
    });
    assert.deepEqual(await call('adminOnly', `Bearer ${token}`), {
      code: status.PERMISSION_DENIED,
      details: 'requires role ADMIN',
    });
  });

  it('a bad token is UNAUTHENTICATED before any handler runs', async () => {
    const other = loadSigningKey(generateKeyPairPem().privateKeyPem);
    const forged = await signAccessToken({ sub: 'u1', roles: ['ADMIN'] }, other, { ...opts, ttlSeconds: 60 });
    for (const auth of [`Bearer ${forged}`, 'Bearer x.y.z', 'Basic dTpw']) {
      assert.equal((await call('whoAmI', auth)).code, status.UNAUTHENTICATED, auth);
    }
  });

  it('UnauthenticatedError maps to gRPC UNAUTHENTICATED with its generic message', () => {
    const st = toGrpcStatus(new UnauthenticatedError('invalid access token'), silent);
    assert.equal(st.code, status.UNAUTHENTICATED);
    assert.equal(st.details, 'invalid access token');
  });
});
