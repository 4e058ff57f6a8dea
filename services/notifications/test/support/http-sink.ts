import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an HTTP sink received. */
export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status it was answered with. */
  status: number;
}

/**
 * An HTTP receiver on 127.0.0.1 and an ephemeral port (a webhook endpoint or an SMS/push gateway): answers each
 * request with `statusFor(request number for its path, 1-based)`, 200 by default, and keeps every request.
 */
export interface HttpSink {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHttpSink(statusFor: (nth: number, path: string) => number = () => 200): Promise<HttpSink> {
  const requests: ReceivedRequest[] = [];
  const perPath = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const nth = (perPath.get(path) ?? 0) + 1;
      perPath.set(path, nth);
      const status = statusFor(nth, path);
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
