import assert from 'node:assert/strict';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import path from 'node:path';
import {
  GroupsServiceClient,
  GroupsServiceService,
  type GroupsServiceServer,
} from '../../../src/gen/consorcio/groups/v1/groups_service';
import { NotFoundError, UnavailableError } from '../../../src/errors';
import {
  bindService,
  createClient,
  forwardedIdentity,
  promiseClient,
  startGrpcServer,
  type CallContext,
  type RunningGrpcServer,
  type UnaryHandlers,
} from '../../../src/grpc';
import { createLogger } from '../../../src/log';

const SERVICE = 'consorcio.groups.v1.GroupsService';
const silent = createLogger({ service: 'grpc-test', level: 'silent' });

/** A GroupsService whose behaviour each test scripts; every call is recorded with its context. */
function scripted() {
  const calls: { method: string; ctx: CallContext }[] = [];
  let getGroupFailures = 0;
  let createGroupFailures = 0;
  const handlers: Partial<UnaryHandlers<GroupsServiceServer>> = {
    getGroup: async (req, ctx) => {
      calls.push({ method: 'getGroup', ctx });
      if (getGroupFailures-- > 0) throw new UnavailableError('database restarting');
      if (req.groupId === 'bug') throw new TypeError('cannot read properties of undefined');
      if (req.groupId === 'missing') throw new NotFoundError('group', 'missing');
      if (req.groupId === 'slow') await new Promise((r) => setTimeout(r, 500));
      return { group: undefined };
    },
    createGroup: (_req, ctx) => {
      calls.push({ method: 'createGroup', ctx });
      if (createGroupFailures-- > 0) return Promise.reject(new UnavailableError('database restarting'));
      return Promise.resolve({ group: undefined });
    },
  };
  return {
    calls,
    handlers,
    failGetGroup: (n: number) => (getGroupFailures = n),
    failCreateGroup: (n: number) => (createGroupFailures = n),
  };
}

describe('shared gRPC server and client', () => {
  let server: RunningGrpcServer;
  let script: ReturnType<typeof scripted>;
  let dependencyUp = true;

  before(async () => {
    script = scripted();
    server = await startGrpcServer(
      [bindService(GroupsServiceService, SERVICE, script.handlers as UnaryHandlers<GroupsServiceServer>)],
      {
        log: silent,
        host: '127.0.0.1',
        port: 0,
        dependencies: { fake: () => Promise.resolve(dependencyUp) },
        authenticate: forwardedIdentity,
        healthIntervalMs: 50,
      },
    );
  });
  after(() => server.shutdown());
  beforeEach(() => script.calls.splice(0));

  const client = (opts = {}) => createClient(GroupsServiceClient, SERVICE, server.address, opts);

  it('maps a DomainError to its status and message', async () => {
    const api = promiseClient<GroupsServiceServer>(client());
    await assert.rejects(api.getGroup({ groupId: 'missing' }), (e: ServiceError) => {
      assert.equal(e.code, status.NOT_FOUND);
      assert.equal(e.details, 'group missing not found');
      return true;
    });
  });

  it('answers INTERNAL with a generic message and no stack for an unexpected error', async () => {
    const api = promiseClient<GroupsServiceServer>(client());
    await assert.rejects(api.getGroup({ groupId: 'bug' }), (e: ServiceError) => {
      assert.equal(e.code, status.INTERNAL);
      assert.equal(e.details, 'internal error');
      return true;
    });
  });

  it('retries a method the proto marks idempotent when the server is UNAVAILABLE', async () => {
    script.failGetGroup(2);
    await promiseClient<GroupsServiceServer>(client()).getGroup({ groupId: 'g' });
    assert.equal(script.calls.filter((c) => c.method === 'getGroup').length, 3);
  });

  it('never retries a method the proto does not mark idempotent', async () => {
    script.failCreateGroup(1);
    const api = promiseClient<GroupsServiceServer>(client());
    await assert.rejects(
      api.createGroup({ code: 'x', parameters: undefined }),
      (e: ServiceError) => e.code === status.UNAVAILABLE,
    );
    assert.equal(script.calls.filter((c) => c.method === 'createGroup').length, 1);
  });

  it('puts a deadline on every call', async () => {
    const api = promiseClient<GroupsServiceServer>(client({ deadlineMs: 100 }));
    await assert.rejects(api.getGroup({ groupId: 'slow' }), (e: ServiceError) => e.code === status.DEADLINE_EXCEEDED);
  });

  it('forwards the correlation id and the forwarded identity to the handler', async () => {
    const api = promiseClient<GroupsServiceServer>(client());
    const md = new Metadata();
    md.set('x-correlation-id', 'corr-123');
    md.set('x-user-id', 'u-1');
    md.set('x-user-roles', 'OPERATOR, AUDITOR');
    await api.getGroup({ groupId: 'g' }, md);
    const [call] = script.calls;
    assert.equal(call!.ctx.correlationId, 'corr-123');
    assert.deepEqual(call!.ctx.principal, { userId: 'u-1', roles: ['OPERATOR', 'AUDITOR'] });
  });

  it('generates a correlation id when the caller sends none', async () => {
    await promiseClient<GroupsServiceServer>(client()).getGroup({ groupId: 'g' });
    assert.match(script.calls[0]!.ctx.correlationId, /^[0-9a-f-]{36}$/);
  });

  it('serves reflection so grpcurl can list the service', async () => {
    const reflectionProto = path.join(
      path.dirname(require.resolve('@grpc/reflection/package.json')),
      'build/proto/grpc/reflection/v1/reflection.proto',
    );
    const pkg = loadPackageDefinition(loadSync(reflectionProto)) as unknown as {
      grpc: {
        reflection: {
          v1: {
            ServerReflection: new (
              a: string,
              c: unknown,
            ) => { serverReflectionInfo(): NodeJS.ReadWriteStream & { write(m: object): void; end(): void } };
          };
        };
      };
    };
    const refl = new pkg.grpc.reflection.v1.ServerReflection(server.address, credentials.createInsecure());
    const stream = refl.serverReflectionInfo();
    const answer = new Promise<{ listServicesResponse?: { service: { name: string }[] } }>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
    });
    stream.write({ listServices: '' });
    const res = await answer;
    stream.end();
    assert.deepEqual(
      res.listServicesResponse?.service.map((s) => s.name),
      [SERVICE],
    );
  });

  it('reports NOT_SERVING while a dependency is down and SERVING when it is back', async () => {
    dependencyUp = false;
    await server.health.evaluate();
    assert.equal(server.health.status, 'NOT_SERVING');
    dependencyUp = true;
    await server.health.evaluate();
    assert.equal(server.health.status, 'SERVING');
  });
});
