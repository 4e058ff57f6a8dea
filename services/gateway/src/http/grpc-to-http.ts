import { fromBinary, toJson, type DescMessage, type JsonValue, type Message, type Registry } from '@bufbuild/protobuf';
import { AnySchema } from '@bufbuild/protobuf/wkt';
import { status, type ServiceError } from '@grpc/grpc-js';
import { descriptorSet } from '@consorcio/shared/grpc';

/** grpc-gateway's table (`runtime.HTTPStatusFromCode`), except FAILED_PRECONDITION → 400 as it now does. */
const HTTP_STATUS: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.UNAUTHENTICATED]: 401,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
};

/** The HTTP status for a gRPC status code, as grpc-gateway maps it; an unknown code is 500. */
export function httpStatusFromGrpc(code: number): number {
  return HTTP_STATUS[code] ?? 500;
}

/** The JSON error body grpc-gateway sends: a google.rpc.Status in ProtoJSON. */
export interface ErrorBody {
  /** The gRPC status code (not the HTTP one). */
  code: number;
  message: string;
  /** ProtoJSON `Any`s: `{ "@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [...] }`. */
  details: JsonValue[];
}

const GENERIC_MESSAGE = 'internal error';
/** grpc-js writes these itself with the backend's address in the text (`remote_addr=10.0.0.7:50051`). */
const TRANSPORT_MESSAGES: Partial<Record<number, string>> = {
  [status.UNAVAILABLE]: 'service unavailable; retry later',
  [status.DEADLINE_EXCEEDED]: 'deadline exceeded',
};
const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/**
 * The body of an error answer. Its details come from the `grpc-status-details-bin` trailer (a
 * google.rpc.Status, decoded reflectively with the descriptor set, which holds google/rpc); a detail
 * whose type the registry does not know is left out. UNKNOWN, INTERNAL and codes outside the table
 * never say more than "internal error": their text may carry a stack or a query. UNAVAILABLE and
 * DEADLINE_EXCEEDED get a fixed message too, as grpc-js's own text names the backend's address.
 */
export function errorBody(err: ServiceError, registry: Registry = descriptorSet().registry): ErrorBody {
  const code = typeof err.code === 'number' ? err.code : status.UNKNOWN;
  if (code === status.UNKNOWN || code === status.INTERNAL || HTTP_STATUS[code] === undefined) {
    return { code: code in HTTP_STATUS ? code : status.UNKNOWN, message: GENERIC_MESSAGE, details: [] };
  }
  const message = TRANSPORT_MESSAGES[code] ?? (typeof err.details === 'string' ? err.details : err.message);
  return { code, message, details: decodeDetails(err, registry) };
}

function decodeDetails(err: ServiceError, registry: Registry): JsonValue[] {
  const raw = typeof err.metadata?.get === 'function' ? err.metadata.get(STATUS_DETAILS_KEY)[0] : undefined;
  const statusDesc = registry.getMessage('google.rpc.Status');
  if (!(raw instanceof Uint8Array) || !statusDesc) return [];
  let decoded: Message;
  try {
    decoded = fromBinary(statusDesc, raw);
  } catch {
    return [];
  }
  const details = (decoded as Message & { details?: unknown }).details;
  if (!Array.isArray(details)) return [];
  const anyDesc: DescMessage = registry.getMessage('google.protobuf.Any') ?? AnySchema;
  const rendered: JsonValue[] = [];
  for (const detail of details as Message[]) {
    try {
      rendered.push(toJson(anyDesc, detail, { registry }));
    } catch {
      // A detail type the registry does not know cannot be written as ProtoJSON: leave it out.
    }
  }
  return rendered;
}
