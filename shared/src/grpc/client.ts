import {
  credentials,
  type Client,
  type ChannelOptions,
  type Interceptor,
  InterceptingCall,
  Metadata,
  type handleUnaryCall,
} from '@grpc/grpc-js';
import { currentLogContext } from '../log';
import { descriptorSet } from './descriptors';
import { retryServiceConfig } from './retry-policy';

type ClientConstructor<C extends Client> = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
  options?: ChannelOptions & { interceptors?: Interceptor[] },
) => C;

export interface ClientOptions {
  /** Deadline applied to every call that sets none, in ms (default 5000). */
  deadlineMs?: number;
  /** Attempts for methods whose proto says IDEMPOTENT / NO_SIDE_EFFECTS (default 3); others never retry. */
  maxAttempts?: number;
  /**
   * The bearer token for calls that carry no `authorization` of their own — a service's own token
   * (see `serviceToken` in the auth folder) or, in tests, a user's.
   */
  bearerToken?: () => Promise<string> | string;
}

/**
 * A gRPC client with the platform's policy: every call carries a deadline and the caller's
 * correlation id, and only methods the proto marks idempotent are retried (on UNAVAILABLE), through
 * grpc-js's own retry support configured by a service config built from the descriptors.
 */
export function createClient<C extends Client>(
  Ctor: ClientConstructor<C>,
  fullServiceName: string,
  address: string,
  opts: ClientOptions = {},
): C {
  const deadlineMs = opts.deadlineMs ?? 5000;
  const service = descriptorSet().registry.getService(fullServiceName);
  if (!service) throw new Error(`service ${fullServiceName} is not in the descriptor set; run npm run gen`);
  const serviceConfig = retryServiceConfig(service.methods, opts.maxAttempts);
  const contextInterceptor: Interceptor = (options, nextCall) => {
    if (options.deadline === undefined) options.deadline = Date.now() + deadlineMs;
    return new InterceptingCall(nextCall(options), {
      start(metadata: Metadata, listener, next) {
        const ctx = currentLogContext();
        if (ctx?.correlationId && metadata.get('x-correlation-id').length === 0) {
          metadata.set('x-correlation-id', ctx.correlationId);
        }
        const bearer = opts.bearerToken;
        if (!bearer || metadata.get('authorization').length > 0) return next(metadata, listener);
        // grpc-js lets an interceptor start the call later: the token may need signing first.
        void Promise.resolve()
          .then(bearer)
          .then(
            (token) => metadata.set('authorization', `Bearer ${token}`),
            () => undefined, // no token: the call goes anonymous and the server refuses what needs one
          )
          .finally(() => next(metadata, listener));
      },
    });
  };
  return new Ctor(address, credentials.createInsecure(), {
    'grpc.service_config': JSON.stringify(serviceConfig),
    'grpc.enable_retries': 1,
    interceptors: [contextInterceptor],
  });
}

/** A client whose unary methods return promises, typed from the ts-proto server interface `S`. */
export type PromiseClient<S> = {
  [K in keyof S as string extends K ? never : K]: S[K] extends handleUnaryCall<infer Req, infer Res>
    ? (request: Req, metadata?: Metadata) => Promise<Res>
    : never;
};

/**
 * Wraps a generated grpc-js client so each unary method returns a promise:
 * `const groups = promiseClient<GroupsServiceServer>(client); await groups.getGroup({ groupId })`.
 */
export function promiseClient<S>(client: Client): PromiseClient<S> {
  return new Proxy({} as PromiseClient<S>, {
    get(_target, name: string) {
      const method = (client as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function') return undefined;
      return (request: unknown, metadata: Metadata = new Metadata()) =>
        new Promise((resolve, reject) => {
          (method as (r: unknown, m: Metadata, cb: (err: Error | null, res: unknown) => void) => void).call(
            client,
            request,
            metadata,
            (err, res) => (err ? reject(err) : resolve(res)),
          );
        });
    },
  });
}
