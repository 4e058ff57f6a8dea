import assert from 'node:assert/strict';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { encodeStatusWithBadRequest } from '@consorcio/shared/errors';
import { errorBody, httpStatusFromGrpc } from '../../../src/http/grpc-to-http';

function serviceError(code: status, details: string, trailer?: Uint8Array): ServiceError {
  const metadata = new Metadata();
  if (trailer) metadata.set('grpc-status-details-bin', Buffer.from(trailer));
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

const TABLE: [status, number][] = [
  [status.OK, 200],
  [status.CANCELLED, 499],
  [status.UNKNOWN, 500],
  [status.INVALID_ARGUMENT, 400],
  [status.DEADLINE_EXCEEDED, 504],
  [status.NOT_FOUND, 404],
  [status.ALREADY_EXISTS, 409],
  [status.PERMISSION_DENIED, 403],
  [status.UNAUTHENTICATED, 401],
  [status.RESOURCE_EXHAUSTED, 429],
  [status.FAILED_PRECONDITION, 400],
  [status.ABORTED, 409],
  [status.OUT_OF_RANGE, 400],
  [status.UNIMPLEMENTED, 501],
  [status.INTERNAL, 500],
  [status.UNAVAILABLE, 503],
  [status.DATA_LOSS, 500],
];

describe('httpStatusFromGrpc', () => {
  for (const [code, http] of TABLE) {
    it(`maps ${status[code]} to HTTP ${http}`, () => {
      assert.equal(httpStatusFromGrpc(code), http);
    });
  }

  it('maps a code outside the table to HTTP 500', () => {
    assert.equal(httpStatusFromGrpc(99), 500);
  });
});

describe('errorBody', () => {
  it('renders the field violations of grpc-status-details-bin as a ProtoJSON BadRequest', () => {
    const trailer = encodeStatusWithBadRequest(status.INVALID_ARGUMENT, 'invalid group', [
      { field: 'code', rule: 'must be 1..40 characters' },
      { field: 'parameters.term_months', rule: 'must be positive' },
    ]);
    assert.deepEqual(errorBody(serviceError(status.INVALID_ARGUMENT, 'invalid group', trailer)), {
      code: status.INVALID_ARGUMENT,
      message: 'invalid group',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [
            { field: 'code', description: 'must be 1..40 characters' },
            { field: 'parameters.term_months', description: 'must be positive' },
          ],
        },
      ],
    });
  });

  it('keeps the message and gives no details when there is no trailer', () => {
    assert.deepEqual(errorBody(serviceError(status.NOT_FOUND, 'group g1 not found')), {
      code: status.NOT_FOUND,
      message: 'group g1 not found',
      details: [],
    });
  });

  it('gives no details for a trailer that is not a google.rpc.Status', () => {
    const body = errorBody(serviceError(status.FAILED_PRECONDITION, 'not DRAFT', Uint8Array.of(0xff, 0xff, 0xff)));
    assert.deepEqual(body, { code: status.FAILED_PRECONDITION, message: 'not DRAFT', details: [] });
  });

  it('leaves out a detail whose type the descriptor set does not know', () => {
    const any = new BinaryWriter()
      .uint32(10)
      .string('type.googleapis.com/acme.Unknown')
      .uint32(18)
      .bytes(Uint8Array.of(8, 1));
    const st = new BinaryWriter().uint32(8).int32(status.ABORTED).uint32(18).string('x').uint32(26).bytes(any.finish());
    assert.deepEqual(errorBody(serviceError(status.ABORTED, 'fenced out', st.finish())).details, []);
  });

  for (const code of [status.INTERNAL, status.UNKNOWN]) {
    it(`says only "internal error" for ${status[code]}, whatever the service sent`, () => {
      const trailer = encodeStatusWithBadRequest(code, 'secret', [{ field: 'sql', rule: 'select * from users' }]);
      assert.deepEqual(errorBody(serviceError(code, 'pg: relation "users" at line 3', trailer)), {
        code,
        message: 'internal error',
        details: [],
      });
    });
  }

  it("replaces grpc-js's transport messages, which name the backend's address", () => {
    const unavailable = serviceError(
      status.UNAVAILABLE,
      'No connection established. Last error: connect ECONNREFUSED 10.0.0.7:50051',
    );
    assert.equal(errorBody(unavailable).message, 'service unavailable; retry later');
    const late = serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded after 5.002s,remote_addr=10.0.0.7:50051');
    assert.deepEqual(errorBody(late), { code: status.DEADLINE_EXCEEDED, message: 'deadline exceeded', details: [] });
  });

  it('treats a code outside the table as UNKNOWN', () => {
    assert.deepEqual(errorBody(serviceError(42 as status, 'weird')), {
      code: status.UNKNOWN,
      message: 'internal error',
      details: [],
    });
  });
});
