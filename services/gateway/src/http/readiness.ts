import { credentials, makeClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

type HealthClient = Client & {
  check(
    req: { service: string },
    opts: { deadline: number },
    cb: (err: ServiceError | null, res?: { status: string }) => void,
  ): void;
};
const HealthClient = makeClientConstructor(healthService, 'grpc.health.v1.Health') as unknown as new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => HealthClient;

/** One routed service's readiness as `/readyz` reports it. */
export interface ServiceReadiness {
  service: string;
  address: string;
  status: string;
}

/**
 * Asks every service the gateway routes to for its grpc.health.v1 status (the services report
 * NOT_SERVING while their database or broker is unreachable). Ready only when all are SERVING.
 */
export class Readiness {
  private readonly clients = new Map<string, HealthClient>();

  constructor(private readonly addresses: Readonly<Record<string, string>>) {
    for (const address of new Set(Object.values(addresses))) {
      this.clients.set(address, new HealthClient(address, credentials.createInsecure()));
    }
  }

  async check(timeoutMs = 1000): Promise<{ ready: boolean; services: ServiceReadiness[] }> {
    const services = await Promise.all(
      Object.entries(this.addresses).map(
        ([service, address]) =>
          new Promise<ServiceReadiness>((resolve) => {
            this.clients
              .get(address)!
              .check({ service }, { deadline: Date.now() + timeoutMs }, (err, res) =>
                resolve({ service, address, status: err ? 'UNREACHABLE' : (res?.status ?? 'UNKNOWN') }),
              );
          }),
      ),
    );
    return { ready: services.length > 0 && services.every((s) => s.status === 'SERVING'), services };
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
  }
}
