import assert from 'node:assert/strict';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { encodeStatusWithBadRequest } from '@consorcio/shared/errors';
import { descriptorSet } from '@consorcio/shared/grpc';
import { createForwarder, httpBindings, type GrpcForwarder, type HttpBinding } from '../../../src/routes';
import { fixtureRegistry } from './fixture-registry';

const registry = fixtureRegistry();
const bindings = httpBindings(registry);
const runBinding = bindings.find((b) => b.methodName === 'Run') as HttpBinding;
const getBook = bindings.find((b) => b.methodName === 'GetBook') as HttpBinding;
const runRequest = runBinding.method.input;
const runResponse = runBinding.method.output;
const identity = (b: Buffer): Buffer => b;

/** A BookService whose Run doubles `count` and names the book `tag` (else echoes `x-user-id`); GetBook fails. */
async function startServer(tag = ''): Promise<{ server: Server; address: string }> {
  const server = new Server();
  const unary = (path: string) => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  });
  server.addService(
    { Run: unary('/test.gateway.v1.BookService/Run'), GetBook: unary('/test.gateway.v1.BookService/GetBook') },
    {
      Run: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        const req = fromBinary(runRequest, call.request) as unknown as { count: bigint };
        const user = String(call.metadata.get('x-user-id')[0] ?? '');
        const res = create(runResponse, { total: req.count * 2n, book: { name: tag || user } });
        callback(null, Buffer.from(toBinary(runResponse, res)));
      },
      GetBook: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        const metadata = new Metadata();
        metadata.set(
          'grpc-status-details-bin',
          encodeStatusWithBadRequest(status.INVALID_ARGUMENT, 'bad', [{ field: 'name', rule: 'required' }]),
        );
        callback({ code: status.INVALID_ARGUMENT, details: 'name is required', metadata });
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${port}` };
}

describe('createForwarder', () => {
  let server: Server;
  let forwarder: GrpcForwarder;
  let address: string;
  const soon = (): Date => new Date(Date.now() + 5000);

  before(async () => {
    const started = await startServer();
    server = started.server;
    address = started.address;
    forwarder = createForwarder({ 'test.gateway.v1.BookService': started.address }, { methods: [runBinding.method] });
  });

  after(() => {
    forwarder.close();
    server.forceShutdown();
  });

  it('passes the request bytes and the metadata through and resolves with the response bytes', async () => {
    const metadata = new Metadata();
    metadata.set('x-user-id', 'u-42');
    const bytes = toBinary(runRequest, create(runRequest, { shelf: 's', count: 21n }));
    const answer = await forwarder.invokeUnary(runBinding, bytes, metadata, soon());
    assert.ok(Buffer.isBuffer(answer));
    const res = fromBinary(runResponse, answer) as unknown as { total: bigint; book: { name: string } };
    assert.equal(res.total, 42n);
    assert.equal(res.book.name, 'u-42');
  });

  it('reuses its channel for later calls', async () => {
    const bytes = toBinary(runRequest, create(runRequest, { count: 1n }));
    const answers = await Promise.all(
      [1, 2, 3].map(() => forwarder.invokeUnary(runBinding, bytes, new Metadata(), soon())),
    );
    assert.equal(answers.length, 3);
  });

  it('rejects with the service error, its code and its trailers', async () => {
    await assert.rejects(
      forwarder.invokeUnary(getBook, new Uint8Array(), new Metadata(), soon()),
      (err: ServiceError) => {
        assert.equal(err.code, status.INVALID_ARGUMENT);
        assert.equal(err.details, 'name is required');
        assert.equal(err.metadata.get('grpc-status-details-bin').length, 1);
        return true;
      },
    );
  });

  it('carries an answer larger than the 4 MiB grpc-js default (a document download, a report export)', async () => {
    const big = await startServer('x'.repeat(9 * 1024 * 1024));
    const far = createForwarder({ 'test.gateway.v1.BookService': big.address });
    try {
      const bytes = toBinary(runRequest, create(runRequest, { count: 1n }));
      const answer = await far.invokeUnary(runBinding, bytes, new Metadata(), soon());
      const res = fromBinary(runResponse, answer) as unknown as { book: { name: string } };
      assert.equal(res.book.name.length, 9 * 1024 * 1024);
    } finally {
      far.close();
      big.server.forceShutdown();
    }
  });

  it('rejects with DEADLINE_EXCEEDED when the deadline has passed', async () => {
    await assert.rejects(
      forwarder.invokeUnary(runBinding, new Uint8Array(), new Metadata(), new Date(Date.now() - 1)),
      (err: ServiceError) => err.code === status.DEADLINE_EXCEEDED,
    );
  });

  it('builds a working channel with retries for the rpcs the proto marks idempotent', async () => {
    const getGroup = httpBindings(descriptorSet().registry).find((b) => b.methodName === 'GetGroup') as HttpBinding;
    const retrying = createForwarder(
      { 'consorcio.groups.v1.GroupsService': address },
      { methods: [getGroup.method], maxAttempts: 2 },
    );
    try {
      // This server does not implement GroupsService: the call gets through and answers UNIMPLEMENTED.
      await assert.rejects(
        retrying.invokeUnary(getGroup, new Uint8Array(), new Metadata(), soon()),
        (err: ServiceError) => err.code === status.UNIMPLEMENTED,
      );
    } finally {
      retrying.close();
    }
  });

  it('spreads the calls of an address naming several replicas over all of them (round robin)', async () => {
    const [a, b] = [await startServer('replica-a'), await startServer('replica-b')];
    const both = createForwarder({ 'test.gateway.v1.BookService': `ipv4:${a.address},${b.address}` });
    try {
      const bytes = toBinary(runRequest, create(runRequest, { count: 1n }));
      const seen = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const answer = await both.invokeUnary(runBinding, bytes, new Metadata(), soon());
        seen.add((fromBinary(runResponse, answer) as unknown as { book: { name: string } }).book.name);
      }
      assert.deepEqual([...seen].sort(), ['replica-a', 'replica-b']);
    } finally {
      both.close();
      a.server.forceShutdown();
      b.server.forceShutdown();
    }
  });

  it('rejects with UNIMPLEMENTED for a service with no address', async () => {
    const other = { ...runBinding, serviceName: 'test.gateway.v1.Elsewhere' };
    await assert.rejects(
      forwarder.invokeUnary(other, new Uint8Array(), new Metadata(), soon()),
      (err: ServiceError) => err.code === status.UNIMPLEMENTED && /no address configured/.test(err.details),
    );
  });

  it('rejects with UNAVAILABLE once closed', async () => {
    const closing = createForwarder({ 'test.gateway.v1.BookService': '127.0.0.1:1' });
    closing.close();
    await assert.rejects(
      closing.invokeUnary(runBinding, new Uint8Array(), new Metadata(), soon()),
      (err: ServiceError) => err.code === status.UNAVAILABLE,
    );
  });
});
