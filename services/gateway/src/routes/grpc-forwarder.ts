import { Client, credentials, Metadata, status, type ChannelOptions, type ServiceError } from '@grpc/grpc-js';
import type { DescMethod } from '@bufbuild/protobuf';
import { MAX_MESSAGE_BYTES, retryServiceConfig } from '@consorcio/shared/grpc';
import type { HttpBinding } from './http-rules';

/** Sends already-encoded requests to the services and returns their encoded answers. */
export interface GrpcForwarder {
  /**
   * Calls the binding's rpc with `requestBytes` (the request's wire form) and resolves with the
   * response's wire bytes; rejects with grpc-js's `ServiceError` (code, details, trailers). A service
   * with no configured address rejects with UNIMPLEMENTED.
   */
  invokeUnary(binding: HttpBinding, requestBytes: Uint8Array, metadata: Metadata, deadline: Date): Promise<Buffer>;
  /** Closes every channel; later calls reject. */
  close(): void;
}

/** Options of {@link createForwarder}. */
export interface ForwarderOptions {
  /**
   * The rpcs that will be forwarded: those whose proto says IDEMPOTENT or NO_SIDE_EFFECTS are
   * retried on UNAVAILABLE by grpc-js (the platform's retry rule); without it nothing is retried.
   */
  methods?: readonly DescMethod[];
  /** Attempts for the retryable rpcs (default 3). */
  maxAttempts?: number;
  /** Extra grpc-js channel options. */
  channelOptions?: ChannelOptions;
}

/**
 * A forwarder over one generic grpc-js client (one channel) per distinct address, created on first
 * use and reused. Bytes pass through untouched (identity serializers), so the gateway needs no
 * generated code for any service.
 */
export function createForwarder(addresses: Record<string, string>, options: ForwarderOptions = {}): GrpcForwarder {
  const clients = new Map<string, Client>();
  let closed = false;

  const clientFor = (address: string): Client => {
    let client = clients.get(address);
    if (!client) {
      const services = new Set(Object.entries(addresses).flatMap(([s, a]) => (a === address ? [s] : [])));
      client = new Client(address, credentials.createInsecure(), {
        // Downloads (documents, report exports) come back as one message, larger than grpc-js's 4 MiB default.
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
        ...options.channelOptions,
        // round_robin: an address that resolves to several replicas (`ipv4:127.0.0.1:50052,127.0.0.1:50062`, or a
        // headless Service's DNS name) spreads calls over all of them rather than pinning the first.
        'grpc.service_config': JSON.stringify({
          loadBalancingConfig: [{ round_robin: {} }],
          ...retryServiceConfig(
            (options.methods ?? []).filter((m) => services.has(m.parent.typeName)),
            options.maxAttempts,
          ),
        }),
        'grpc.enable_retries': 1,
      });
      clients.set(address, client);
    }
    return client;
  };

  return {
    invokeUnary(binding, requestBytes, metadata, deadline) {
      const address = addresses[binding.serviceName];
      if (closed) return Promise.reject(callError(status.UNAVAILABLE, 'the gateway is shutting down'));
      if (address === undefined) {
        return Promise.reject(callError(status.UNIMPLEMENTED, `no address configured for ${binding.serviceName}`));
      }
      const path = `/${binding.serviceName}/${binding.methodName}`;
      return new Promise<Buffer>((resolve, reject) => {
        clientFor(address).makeUnaryRequest<Uint8Array, Buffer>(
          path,
          (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          (bytes) => bytes,
          requestBytes,
          metadata,
          { deadline },
          (err, response) => (err ? reject(err) : resolve(response ?? Buffer.alloc(0))),
        );
      });
    },
    close() {
      closed = true;
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}

function callError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}
