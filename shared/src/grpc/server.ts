import {
  Server,
  ServerCredentials,
  status,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { createRequestMetrics } from '../telemetry/metrics';
import type { Authenticator } from './call-context';
import { descriptorSet } from './descriptors';
import { HealthMonitor, type DependencyCheck } from './health';
import { withMiddleware, type ChainLogger, type ChainOptions, type UnaryHandlers } from './unary';

/** One gRPC service to serve: made by {@link bindService}, which keeps the handler types checked. */
export interface ServiceBinding {
  definition: ServiceDefinition;
  /** Fully qualified name, e.g. "consorcio.groups.v1.GroupsService" (health and reflection use it). */
  name: string;
  implement(chain: ChainOptions): UntypedServiceImplementation;
}

/** Pairs a ts-proto service definition (e.g. GroupsServiceService) with handlers of matching types. */
export function bindService<S extends UntypedServiceImplementation>(
  definition: ServiceDefinition<S>,
  name: string,
  handlers: UnaryHandlers<S>,
): ServiceBinding {
  return { definition, name, implement: (chain) => withMiddleware<S>(handlers, chain) };
}

export interface GrpcServerOptions {
  log: ChainLogger;
  host: string;
  port: number;
  /** Dependencies whose failure makes the health status NOT_SERVING (e.g. postgres, rabbitmq). */
  dependencies: Readonly<Record<string, DependencyCheck>>;
  healthIntervalMs?: number;
  /**
   * Who is calling: required, so no service can start trusting whatever identity a caller claims.
   * Services pass `authenticatorFromConfig` (verified tokens); `forwardedIdentity` is for tests.
   */
  authenticate: Authenticator;
  /** Replaces the default observer (the `consorcio_grpc_server_requests_*` Prometheus metrics). */
  onCallEnd?: (method: string, code: number, durationMs: number) => void;
}

export interface RunningGrpcServer {
  server: Server;
  health: HealthMonitor;
  /** The port actually bound (useful with port 0 in tests). */
  port: number;
  address: string;
  shutdown(): Promise<void>;
}

/**
 * The largest message a channel or server of the platform carries either way: a document upload or download, or a
 * report export, travels as one message (the documents' upload limit stays below it: `documents.upload.max_bytes`).
 */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * Starts a gRPC server with the platform's standard equipment: the service(s) behind the shared
 * middleware chain, grpc.health.v1 driven by dependency checks, and server reflection (grpcurl works).
 */
export async function startGrpcServer(
  bindings: readonly ServiceBinding[],
  opts: GrpcServerOptions,
): Promise<RunningGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  const names = bindings.map((b) => b.name);
  const metrics = createRequestMetrics('grpc_server');
  const onCallEnd =
    opts.onCallEnd ??
    ((method: string, code: number, durationMs: number) =>
      metrics.observe(method, status[code] ?? String(code), durationMs / 1000));
  for (const b of bindings) {
    server.addService(
      b.definition,
      b.implement({
        log: opts.log,
        authenticate: opts.authenticate,
        onCallEnd,
      }),
    );
  }
  const health = new HealthMonitor(names, opts.dependencies, opts.log, opts.healthIntervalMs);
  health.implementation.addToServer(server);
  const pkg = loadFileDescriptorSetFromBuffer(descriptorSet().bytes, { longs: String, enums: String, defaults: true });
  new ReflectionService(pkg, { services: names }).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  await health.evaluate();
  health.start();
  return {
    server,
    health,
    port,
    address: `${opts.host}:${port}`,
    shutdown: () =>
      new Promise<void>((resolve) => {
        health.stop();
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
