import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RuleViolation,
  UnavailableError,
  ValidationError,
  isTransient,
  toGrpcStatus,
} from '../../../src/errors';

function recordingLog(): { errors: object[]; error(obj: object): void } {
  const errors: object[] = [];
  return { errors, error: (obj: object) => errors.push(obj) };
}

/** Decodes google.rpc.Status { code, message, details: [Any { type_url, value: BadRequest }] } by hand. */
function decodeStatus(bytes: Buffer): {
  code: number;
  message: string;
  typeUrl: string;
  violations: [string, string][];
} {
  const out = { code: 0, message: '', typeUrl: '', violations: [] as [string, string][] };
  const st = new BinaryReader(bytes);
  while (st.pos < st.len) {
    const [field] = st.tag();
    if (field === 1) out.code = st.int32();
    else if (field === 2) out.message = st.string();
    else {
      const any = new BinaryReader(st.bytes());
      while (any.pos < any.len) {
        const [f] = any.tag();
        if (f === 1) out.typeUrl = any.string();
        else {
          const br = new BinaryReader(any.bytes());
          while (br.pos < br.len) {
            br.tag();
            const fv = new BinaryReader(br.bytes());
            const pair: [string, string] = ['', ''];
            while (fv.pos < fv.len) {
              const [n] = fv.tag();
              pair[n === 1 ? 0 : 1] = fv.string();
            }
            out.violations.push(pair);
          }
        }
      }
    }
  }
  return out;
}

describe('toGrpcStatus', () => {
  const cases: [Error, status][] = [
    [new ValidationError('code', 'is required'), status.INVALID_ARGUMENT],
    [new NotFoundError('group', 'g1'), status.NOT_FOUND],
    [new RuleViolation('group_full', 'all 2 seats are taken'), status.FAILED_PRECONDITION],
    [new AlreadyExistsError('group', 'G-1'), status.ALREADY_EXISTS],
    [new ConflictError('lock lost'), status.ABORTED],
    [new PermissionDeniedError('operators only'), status.PERMISSION_DENIED],
    [new UnavailableError('redis down'), status.UNAVAILABLE],
  ];
  for (const [err, code] of cases) {
    it(`maps ${err.name} to ${status[code]} keeping its message`, () => {
      const st = toGrpcStatus(err, recordingLog());
      assert.equal(st.code, code);
      assert.equal(st.details, err.message);
    });
  }

  it('turns anything unexpected into INTERNAL with a generic message, the stack only in the log', () => {
    const log = recordingLog();
    const st = toGrpcStatus(new TypeError('cannot read property x of undefined'), log);
    assert.equal(st.code, status.INTERNAL);
    assert.equal(st.details, 'internal error');
    assert.equal(log.errors.length, 1);
  });

  it('carries every field violation as a google.rpc.BadRequest in grpc-status-details-bin', () => {
    const err = new ValidationError('code', 'is required', [
      { field: 'parameters.term_months', rule: 'must be 6..240' },
    ]);
    const st = toGrpcStatus(err, recordingLog());
    const [bin] = st.metadata.get('grpc-status-details-bin');
    assert.ok(Buffer.isBuffer(bin));
    const decoded = decodeStatus(bin);
    assert.equal(decoded.code, status.INVALID_ARGUMENT);
    assert.equal(decoded.typeUrl, 'type.googleapis.com/google.rpc.BadRequest');
    assert.deepEqual(decoded.violations, [
      ['code', 'is required'],
      ['parameters.term_months', 'must be 6..240'],
    ]);
  });

  it('names every violation in the message', () => {
    const err = new ValidationError('a', 'x', [{ field: 'b', rule: 'y' }]);
    assert.equal(err.message, 'a: x; b: y');
    assert.throws(() => ValidationError.throwIfAny([{ field: 'a', rule: 'x' }]), ValidationError);
    assert.doesNotThrow(() => ValidationError.throwIfAny([]));
  });

  it('tells transient failures from permanent ones', () => {
    assert.equal(isTransient(new ConflictError('lost')), true);
    assert.equal(isTransient(new UnavailableError('down')), true);
    assert.equal(isTransient(new ValidationError('a', 'b')), false);
    assert.equal(isTransient(new Error('bug')), true);
  });
});

describe('toGrpcStatus for infrastructure failures', () => {
  it('answers a lost unique race with ALREADY_EXISTS, not INTERNAL', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "groups_code_unique"'), {
      code: '23505',
    });
    assert.equal(toGrpcStatus(err, recordingLog()).code, status.ALREADY_EXISTS);
  });

  it('answers an unreachable database with UNAVAILABLE, so callers retry', () => {
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
      }),
    ]) {
      const st = toGrpcStatus(err, recordingLog());
      assert.equal(st.code, status.UNAVAILABLE);
      assert.doesNotMatch(st.details, /127\.0\.0\.1|ECONNREFUSED/);
    }
  });
});
