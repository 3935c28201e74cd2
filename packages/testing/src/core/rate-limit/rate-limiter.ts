import { type Route, routes } from "../../spec/operations.js";
import { FixedWindow } from "./fixed-window.js";
import { ForeignConsumer, type ForeignTraffic } from "./foreign-consumer.js";
import type { RateDecision, RateWindow, WindowKind } from "./rate-window.js";
import { SlidingWindow } from "./sliding-window.js";

/** The fake's rate limit with overrides resolved; unset numbers come from the spec. */
export interface ResolvedRateLimit {
  readonly limit: number | undefined;
  readonly intervalMs: number | undefined;
  readonly window: WindowKind;
  /** Share of each bucket's budget taken by a simulated foreign consumer (0: none). */
  readonly foreignShare: number;
  /** Overrides of single buckets, over `limit`/`intervalMs`. */
  readonly buckets: ReadonlyMap<
    string,
    { readonly limit: number | undefined; readonly intervalMs: number | undefined }
  >;
}

/** One budget per `x-rate-limit` bucket of the spec, shared by the operations in it. */
export class RateLimiter {
  readonly #windows = new Map<string, RateWindow>();

  constructor(private readonly config: ResolvedRateLimit) {}

  /** Counts a request to `route` at `now`. */
  take(route: Route, now: number): RateDecision {
    return this.#window(route).take(now);
  }

  /**
   * The budget seen by a request that is not counted (unknown path, bad key, faults): the
   * bucket of `route`, or of the spec's first operation when the path matched none.
   */
  peek(route: Route | undefined, now: number): RateDecision {
    return this.#window(route ?? (routes[0] as Route)).peek(now);
  }

  clear(): void {
    for (const window of this.#windows.values()) window.clear();
  }

  /** What the simulated foreign consumers of every bucket sent so far (zeros without one). */
  get foreignTraffic(): ForeignTraffic {
    let accepted = 0;
    let refused = 0;
    for (const window of this.#windows.values()) {
      if (window instanceof ForeignConsumer) {
        accepted += window.traffic.accepted;
        refused += window.traffic.refused;
      }
    }
    return { accepted, refused };
  }

  #window(route: Route): RateWindow {
    const { bucket } = route.rateLimit;
    let window = this.#windows.get(bucket);
    if (window === undefined) {
      const own = this.config.buckets.get(bucket);
      const limit = own?.limit ?? this.config.limit ?? route.rateLimit.limit;
      const intervalMs = own?.intervalMs ?? this.config.intervalMs ?? route.rateLimit.intervalMs;
      window =
        this.config.window === "sliding"
          ? new SlidingWindow(limit, intervalMs)
          : new FixedWindow(limit, intervalMs);
      if (this.config.foreignShare > 0) {
        window = new ForeignConsumer(window, limit, intervalMs, this.config.foreignShare);
      }
      this.#windows.set(bucket, window);
    }
    return window;
  }
}
