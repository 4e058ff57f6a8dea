import type { DescMethod } from '@bufbuild/protobuf';
import { MethodOptions_IdempotencyLevel } from '@bufbuild/protobuf/wkt';

/** True when the proto says a retry is safe: `idempotency_level` IDEMPOTENT or NO_SIDE_EFFECTS. */
export function isRetrySafe(method: DescMethod): boolean {
  return (
    method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT ||
    method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS
  );
}

/**
 * The platform's one retry rule as a grpc-js service config: the retry-safe methods among
 * `methods` are retried on UNAVAILABLE with a short growing back-off; every other method never is.
 */
export function retryServiceConfig(methods: readonly DescMethod[], maxAttempts = 3): object {
  const unique = new Map(methods.filter(isRetrySafe).map((m) => [`${m.parent.typeName}/${m.name}`, m]));
  if (unique.size === 0) return { methodConfig: [] };
  return {
    methodConfig: [
      {
        name: [...unique.values()].map((m) => ({ service: m.parent.typeName, method: m.name })),
        retryPolicy: {
          maxAttempts,
          initialBackoff: '0.1s',
          maxBackoff: '1s',
          backoffMultiplier: 2,
          retryableStatusCodes: ['UNAVAILABLE'],
        },
      },
    ],
  };
}
