import type { Metadata } from '@grpc/grpc-js';

/** Who is calling. Set by the principal middleware from the call's metadata. */
export interface Principal {
  userId: string;
  roles: readonly string[];
  /** Set when the caller is a member acting for themselves. */
  memberId?: string;
}

/** What a handler knows about its call besides the request message. */
export interface CallContext {
  method: string;
  metadata: Metadata;
  principal: Principal | null;
  correlationId: string;
  /** Idempotency key sent as `idempotency-key` metadata, when any. */
  idempotencyKey: string | undefined;
  deadline: Date | number;
}

/** Turns a call's metadata into a principal, or null for an anonymous call. */
export type Authenticator = (metadata: Metadata) => Promise<Principal | null> | Principal | null;

/**
 * The identity a caller claims in `x-user-id` / `x-user-roles` / `x-member-id` metadata, believed as
 * is. Only for tests of the server machinery: services verify tokens (`authenticatorFromConfig`).
 */
export const forwardedIdentity: Authenticator = (metadata) => {
  const userId = metadata.get('x-user-id')[0];
  if (typeof userId !== 'string' || userId === '') return null;
  const roles = String(metadata.get('x-user-roles')[0] ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const memberId = metadata.get('x-member-id')[0];
  return { userId, roles, ...(typeof memberId === 'string' && memberId ? { memberId } : {}) };
};
