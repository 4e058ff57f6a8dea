import { Metadata, status } from '@grpc/grpc-js';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { DomainError, type FieldViolation } from './domain-error';
import { isUnreachable, isUniqueViolation } from './infrastructure';

/** What a gRPC handler sends back for an error. */
export interface GrpcErrorStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/** The one logger method this module needs, so it does not depend on the log folder. */
export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/**
 * Maps any thrown value to a gRPC status. A DomainError keeps its code and message (field violations
 * also travel as `grpc-status-details-bin`, a google.rpc.Status with a google.rpc.BadRequest, as
 * grpc-gateway expects); a lost unique race is ALREADY_EXISTS and an unreachable dependency
 * UNAVAILABLE; anything else is a bug: logged with its stack and answered INTERNAL.
 */
export function toGrpcStatus(err: unknown, log: ErrorLogger): GrpcErrorStatus {
  const metadata = new Metadata();
  if (err instanceof DomainError) {
    const code = status[err.grpcCode];
    const violations = 'violations' in err ? (err.violations as readonly FieldViolation[]) : [];
    if (violations.length > 0) {
      metadata.set('grpc-status-details-bin', encodeStatusWithBadRequest(code, err.message, violations));
    }
    return { code, details: err.message, metadata };
  }
  if (isUniqueViolation(err)) {
    // A concurrent request won a check-then-insert race: the same answer as when the check catches it.
    return { code: status.ALREADY_EXISTS, details: 'already exists (created by a concurrent request)', metadata };
  }
  if (isUnreachable(err)) {
    log.error({ err }, 'dependency unreachable');
    return { code: status.UNAVAILABLE, details: 'a dependency is unavailable; retry later', metadata };
  }
  log.error({ err }, 'unexpected error');
  return { code: status.INTERNAL, details: 'internal error', metadata };
}

/** google.rpc.Status { code, message, details: [Any(BadRequest { field_violations })] } in wire format. */
export function encodeStatusWithBadRequest(
  code: number,
  message: string,
  violations: readonly FieldViolation[],
): Buffer {
  const badRequest = new BinaryWriter();
  for (const v of violations) {
    badRequest.uint32(10).fork().uint32(10).string(v.field).uint32(18).string(v.rule).join();
  }
  const any = new BinaryWriter().uint32(10).string(BAD_REQUEST_TYPE).uint32(18).bytes(badRequest.finish());
  const st = new BinaryWriter().uint32(8).int32(code).uint32(18).string(message).uint32(26).bytes(any.finish());
  return Buffer.from(st.finish());
}
