import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A proxy on 127.0.0.1 that forwards every request to `target` with its path rewritten. */
export interface RoutingProxy {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a proxy that routes by a prefix of the path, as some gateways route by an API key in
 * the base URL: `rewrite` turns the path it was asked for into the target's.
 */
export async function startRoutingProxy(
  target: string,
  rewrite: (path: string) => string,
): Promise<RoutingProxy> {
  const upstreamUrl = new URL(target);
  const server: Server = createServer((req, res) => {
    const upstream = request(
      {
        host: upstreamUrl.hostname,
        port: upstreamUrl.port,
        path: rewrite(req.url ?? "/"),
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
