import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BrazeCore } from "../core/braze-core.js";
import type { FakeOutcome } from "../core/fake-exchange.js";
import { internalErrorBody } from "../core/http-reasons.js";
import type { RequestLogEntry } from "../core/request-log.js";
import type { SubscriptionStore } from "../core/subscription-store.js";
import { FakeListenError } from "../errors.js";
import { type BrazeFakeOptions, type FaultOptions, resolveFakeOptions } from "../options/index.js";
import { hostPort } from "./host-port.js";
import { rawHeader, readBody } from "./read-body.js";

/** A running Braze fake. */
export interface BrazeFake {
  /**
   * Base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash); an IPv6 host
   * is in brackets (`http://[::1]:41234`).
   */
  readonly url: string;
  /** Stops the server, dropping open connections and late answers. */
  close(): Promise<void>;
  /** The subscription state: `state.get(groupId, { email })`. */
  readonly state: SubscriptionStore;
  /** Every request received, oldest first: a live list, which `reset()` empties. */
  readonly requests: readonly RequestLogEntry[];
  /**
   * Forgets state, log and rate-limit budgets; restarts the fault sequence and storms. Faults
   * given to `setFaults` stay (call `setFaults()` to turn them off).
   */
  reset(): void;
  /** Replaces the fault settings (e.g. per test); the sequence restarts from the seed. */
  setFaults(faults?: FaultOptions): void;
  /** The request handling, to share it with `brazeHandlers({ core })`. */
  readonly core: BrazeCore;
}

/**
 * Starts a Braze fake: a real HTTP server (on 127.0.0.1 and a free port by default) that
 * routes, authenticates, rate-limits and validates like `POST /subscription/status/set`, from
 * the spec, and can inject faults.
 *
 * @example
 * const fake = await startBrazeFake({ rateLimit: { window: "sliding" } });
 * const client = createClient({ apiKey: "test-key", baseUrl: fake.url });
 * // …
 * await fake.close();
 */
export async function startBrazeFake(options?: BrazeFakeOptions): Promise<BrazeFake> {
  const resolved = resolveFakeOptions(options);
  const core = new BrazeCore(resolved);
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer({ keepAlive: true }, (request, response) =>
    handle(core, timers, request, response),
  );
  // `[::1]` as a URL writes it, or `::1` as node takes it: node listens on the bare address.
  const host = resolved.host.replace(/^\[(.*)\]$/, "$1");
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause) =>
      reject(new FakeListenError(hostPort(host, resolved.port), { cause })),
    );
    server.listen(resolved.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${hostPort(host, port)}`,
    state: core.state,
    get requests() {
      return core.requests;
    },
    reset: () => core.reset(),
    setFaults: (faults) => core.setFaults(faults),
    core,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(
  core: BrazeCore,
  timers: Set<NodeJS.Timeout>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const failed = (error: unknown) => internalError(response, error);
  readBody(
    request,
    core.maxBodyBytes,
    (body, bodyBytes) => {
      try {
        const url = request.url ?? "/";
        const query = url.indexOf("?");
        const outcome = core.handle({
          method: request.method ?? "GET",
          path: query === -1 ? url : url.slice(0, query),
          query: query === -1 ? "" : url.slice(query + 1),
          header: (name) => rawHeader(request.rawHeaders, name.toLowerCase()),
          body,
          bodyBytes,
        });
        if (outcome.delayMs <= 0) return deliver(outcome, request, response);
        const timer = setTimeout(() => {
          timers.delete(timer);
          deliver(outcome, request, response);
        }, outcome.delayMs);
        timers.add(timer);
      } catch (error) {
        failed(error);
      }
    },
    failed,
  );
}

function deliver(outcome: FakeOutcome, request: IncomingMessage, response: ServerResponse): void {
  // A client that gave up (its timeout) has closed the socket: nothing left to answer.
  if (request.socket.destroyed) return;
  if (outcome.kind === "reset") {
    // An RST, not a polite FIN: the client sees ECONNRESET, as when a proxy dies mid-request.
    request.socket.resetAndDestroy();
    return;
  }
  // A flat [name, value, …] list: cheaper for node than an object, on every response.
  const headers: string[] = [];
  for (const name in outcome.headers) headers.push(name, outcome.headers[name] as string);
  headers.push("Content-Length", String(Buffer.byteLength(outcome.body)));
  response.writeHead(outcome.status, headers);
  response.end(outcome.body);
}

// A bug answers 500 with its message rather than a silent reset, so the test that hit it sees
// why (a throwing `onRequest` is answered so by the core, which logs the 500).
function internalError(response: ServerResponse, error: unknown): void {
  if (response.headersSent || response.destroyed) {
    response.destroy();
    return;
  }
  const body = internalErrorBody(error);
  response.writeHead(500, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
  });
  response.end(body);
}
