// The perfect client of bench:budget: it knows the server's window (and the foreign
// consumer's schedule), sends each request the moment both a concurrency slot and the server's
// budget allow it, and has no cost of its own. Its job time is "the fastest the server allows".

import { DEFAULT_CONCURRENCY } from "../src/options/resolve-runtime-options.js";

/** The server's rule as the perfect client knows it. */
export type ServerModel =
  | { kind: "none" }
  | {
      kind: "sliding";
      limit: number;
      intervalMs: number;
      /**
       * Share taken by the fake's foreign consumer, evenly spread (default 0): the perfect
       * client keeps to what it leaves of any span, the limit less that share (rounded up).
       */
      foreignShare?: number;
    }
  | {
      kind: "fixed";
      limit: number;
      intervalMs: number;
      /** Share taken by the fake's foreign consumer; the perfect client leaves all of it. */
      foreignShare: number;
      /** When the foreign consumer started (the fake's first write: its bucket's first request). */
      foreignFrom: number;
    };

/** The runtime's default concurrency: the perfect client has the same limit. */
export const PERFECT_CONCURRENCY = DEFAULT_CONCURRENCY;

/**
 * Time (ms) from `startAt` until the last response of `requests` requests, each answered
 * `latencyMs` after it arrives, at most `concurrency` in flight.
 */
export function fastestMs(options: {
  requests: number;
  latencyMs: number;
  server: ServerModel;
  startAt?: number;
  concurrency?: number;
  /**
   * The client keeps to `share × limit` per window (rounded down), as a runtime told
   * `rateLimit.share` does: the fastest such a client is allowed. Default 1.
   */
  share?: number;
  /**
   * The client keeps the runtime's fail-fast order: a read first (answered `latencyMs` later,
   * on another bucket), then one write alone until it is answered, then the rest. The fastest
   * any client keeping those guarantees can be. Default false.
   */
  failFast?: boolean;
}): number {
  const { requests, latencyMs, server } = options;
  const share = options.share ?? 1;
  const startAt = options.startAt ?? 0;
  const concurrency = options.concurrency ?? PERFECT_CONCURRENCY;
  const failFast = options.failFast ?? false;
  const arrivals: number[] = [];
  const ownInWindow = new Map<number, number>();
  let end = startAt;
  for (let i = 0; i < requests; i++) {
    let t = i >= concurrency ? (arrivals[i - concurrency] as number) + latencyMs : startAt;
    if (failFast) {
      t = Math.max(t, i === 0 ? startAt + latencyMs : (arrivals[0] as number) + latencyMs);
    }
    const own = server.kind === "none" ? 0 : Math.max(1, Math.floor(share * server.limit));
    const room =
      server.kind === "sliding"
        ? Math.min(own, server.limit - Math.ceil((server.foreignShare ?? 0) * server.limit))
        : own;
    if (server.kind === "sliding" && i >= room) {
      t = Math.max(t, (arrivals[i - room] as number) + server.intervalMs);
    } else if (server.kind === "fixed") {
      for (;;) {
        const window = Math.floor(t / server.intervalMs);
        const quota = Math.min(own, server.limit - foreignIn(server, window));
        if ((ownInWindow.get(window) ?? 0) < quota) {
          ownInWindow.set(window, (ownInWindow.get(window) ?? 0) + 1);
          break;
        }
        t = (window + 1) * server.intervalMs;
      }
    }
    arrivals.push(t);
    end = Math.max(end, t + latencyMs);
  }
  return end - startAt;
}

/** Requests of the fake's foreign consumer in fixed window number `window`. */
function foreignIn(server: Extract<ServerModel, { kind: "fixed" }>, window: number): number {
  if (server.foreignShare === 0) return 0;
  const periodMs = server.intervalMs / (server.foreignShare * server.limit);
  const first = server.foreignFrom + periodMs / 2;
  const from = window * server.intervalMs;
  const to = from + server.intervalMs;
  // Foreign request j is at first + j·period; count j ≥ 0 with from ≤ time < to.
  const lo = Math.max(0, Math.ceil((from - first) / periodMs));
  const hi = Math.ceil((to - first) / periodMs) - 1;
  return Math.max(0, hi - lo + 1);
}
