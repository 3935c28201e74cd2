import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface SeenRequest {
  time: number;
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Handler = (req: SeenRequest, res: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 that answers each request with the next scripted handler
 * (the last one repeats), for testing the transport layer without a fetch mock.
 */
export async function startScriptedServer(script: Handler[]) {
  const seen: SeenRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = {
        time: Date.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(entry);
      const handler = script[Math.min(next++, script.length - 1)] as Handler;
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A started {@link startScriptedServer}. */
export type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;

/** A handler answering JSON with a status and headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Braze's success answer (`201 {"message":"success"}`), the only 2xx the runtime accepts. */
export function accepted(headers: Record<string, string> = {}): Handler {
  return json(201, { message: "success" }, headers);
}

/** A handler answering raw text (e.g. a proxy's HTML page). */
export function text(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "text/html", ...headers });
    res.end(body);
  };
}

/** A handler that drops the connection without answering. */
export const reset: Handler = (_req, res) => {
  res.socket?.destroy();
};

/** A handler that never answers (until the server closes). */
export const hang: Handler = () => {};
