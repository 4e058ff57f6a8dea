/**
 * The errors a service may show its callers. Domain and app code throw these; only `to-grpc-status.ts`
 * knows gRPC codes, and anything that is not a DomainError reaches a caller as INTERNAL with a generic message.
 */
export type GrpcCodeName =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'ABORTED'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE';

/** One field that broke one rule; carried as a google.rpc.BadRequest field violation. */
export interface FieldViolation {
  readonly field: string;
  readonly rule: string;
}

export abstract class DomainError extends Error {
  abstract readonly grpcCode: GrpcCodeName;
  /** A permanent error is never worth retrying (a consumer parks the message at once). */
  readonly permanent: boolean = true;
}

/** Thrown when a field breaks a rule; the message names both. Several violations may travel together. */
export class ValidationError extends DomainError {
  readonly grpcCode = 'INVALID_ARGUMENT';
  readonly violations: readonly FieldViolation[];
  constructor(field: string, rule: string, more: readonly FieldViolation[] = []) {
    const violations = [{ field, rule }, ...more];
    super(violations.map((v) => `${v.field}: ${v.rule}`).join('; '));
    this.name = 'ValidationError';
    this.violations = violations;
  }

  /** Throws one ValidationError carrying every violation, if there is any. */
  static throwIfAny(violations: readonly FieldViolation[]): void {
    const [first, ...rest] = violations;
    if (first) throw new ValidationError(first.field, first.rule, rest);
  }
}

/** Thrown when an entity named by the request does not exist. */
export class NotFoundError extends DomainError {
  readonly grpcCode = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** Thrown when a domain rule forbids the act now (e.g. enrolling into a full group); `rule` names it. */
export class RuleViolation extends DomainError {
  readonly grpcCode = 'FAILED_PRECONDITION';
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(`${rule}: ${detail}`);
    this.name = 'RuleViolation';
  }
}

/** Thrown when a create would duplicate an existing entity. */
export class AlreadyExistsError extends DomainError {
  readonly grpcCode = 'ALREADY_EXISTS';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/**
 * Thrown on a lost lock, a stale fencing token or a version race: nothing was written and the
 * caller may retry. Transient, so consumers retry it through the delay queues.
 */
export class ConflictError extends DomainError {
  readonly grpcCode = 'ABORTED';
  override readonly permanent = false;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Thrown when the caller is not allowed to do this. */
export class PermissionDeniedError extends DomainError {
  readonly grpcCode = 'PERMISSION_DENIED';
  constructor(message: string) {
    super(message);
    this.name = 'PermissionDeniedError';
  }
}

/**
 * Thrown when the caller's identity is missing or cannot be trusted (a bad, expired or forged token,
 * wrong credentials). The message stays generic on purpose: it must never tell which part failed.
 */
export class UnauthenticatedError extends DomainError {
  readonly grpcCode = 'UNAUTHENTICATED';
  constructor(message = 'authentication required', options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnauthenticatedError';
  }
}

/** Thrown when a dependency (database, broker, lock service) cannot be reached; transient. */
export class UnavailableError extends DomainError {
  readonly grpcCode = 'UNAVAILABLE';
  override readonly permanent = false;
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

/** True when retrying `err` later could succeed: every non-domain error counts as transient. */
export function isTransient(err: unknown): boolean {
  return err instanceof DomainError ? !err.permanent : true;
}
