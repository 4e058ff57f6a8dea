import type { CallContext } from './call-context';
import type { UnaryHandler, UnaryHandlers } from './unary';

/** An access rule for one method: throws (PermissionDenied, Unauthenticated) to refuse the call. */
export type Policy<Req> = (ctx: CallContext, request: Req) => void | Promise<void>;

/** One access rule per method of a service, typed by its request. */
export type Policies<S> = {
  [K in keyof UnaryHandlers<S>]: UnaryHandlers<S>[K] extends UnaryHandler<infer Req, unknown> ? Policy<Req> : never;
};

/**
 * Puts each method's access rule in front of its handler, so no handler runs for a caller its
 * service refuses; a service states who may call what in one table instead of inside every handler.
 */
export function withPolicies<S>(policies: Policies<S>, handlers: UnaryHandlers<S>): UnaryHandlers<S> {
  const out: Record<string, UnaryHandler<unknown, unknown>> = {};
  for (const [name, handler] of Object.entries<UnaryHandler<unknown, unknown>>(
    handlers as Record<string, UnaryHandler<unknown, unknown>>,
  )) {
    const policy = (policies as Record<string, Policy<unknown>>)[name];
    if (!policy) throw new Error(`no access policy for ${name}`);
    out[name] = async (request, ctx) => {
      await policy(ctx, request);
      return handler(request, ctx);
    };
  }
  return out as UnaryHandlers<S>;
}
