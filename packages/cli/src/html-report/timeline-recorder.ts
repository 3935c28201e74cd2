import type {
  Hooks,
  RateLimitedEvent,
  RateLimitHeaders,
  ResponseEvent,
} from "@braze-subscriptions/runtime";
import type { TimelineData } from "./job-page-data.js";

const STEP_MS = 1_000;

/**
 * Records what a job does second by second, from the runtime's hooks: requests, 429s,
 * retries, pauses and latency percentiles. Each event costs a few additions; only the
 * current second's latencies are kept, so the record grows with the job's duration (10
 * numbers a second), never with its number of rows.
 */
export class TimelineRecorder {
  private readonly now: () => number;
  private readonly start: number;
  // Its `budgeted` column is always kept here (it is optional only in records read back).
  private readonly data: Required<TimelineData>;
  /** Index of the second whose latencies {@link latencies} holds. */
  private current = 0;
  private latencies = new Float64Array(256);
  private latencyCount = 0;

  /**
   * `drawsOnBudget` tells the attempts of an operation that draw on the job's budget (see
   * {@link TimelineData.budgeted}) by its operationId.
   */
  constructor(
    now: () => number = Date.now,
    private readonly drawsOnBudget: (operation: string) => boolean = () => true,
  ) {
    this.now = now;
    this.start = now();
    this.data = {
      startEpochMs: this.start,
      stepMs: STEP_MS,
      requests: [],
      budgeted: [],
      serverUsed: [],
      serverLimit: null,
      throttled: [],
      retries: [],
      pauses: [],
      pauseMs: [],
      p50: [],
      p95: [],
      p99: [],
    };
  }

  /** The runtime hooks that feed the record; spread them into the runtime's options. */
  hooks(): Hooks {
    return {
      onRequest: (event) => {
        const step = this.step();
        bump(this.data.requests, step, 1);
        if (this.drawsOnBudget(event.operation)) bump(this.data.budgeted, step, 1);
      },
      onResponse: (event: ResponseEvent) => {
        const step = this.step();
        if (event.status === 429) bump(this.data.throttled, step, 1);
        if (this.drawsOnBudget(event.operation)) this.serverWord(step, event.rateLimit);
        if (this.latencyCount === this.latencies.length) this.grow();
        this.latencies[this.latencyCount++] = event.latencyMs;
      },
      onRetry: () => {
        bump(this.data.retries, this.step(), 1);
      },
      onRateLimited: (event: RateLimitedEvent) => {
        const at = this.now();
        const step = this.step(at);
        bump(this.data.pauses, step, 1);
        const pauseMs = Math.max(0, Math.round(event.untilEpochMs - at));
        this.data.pauseMs[step] = Math.max(this.data.pauseMs[step] ?? 0, pauseMs);
      },
    };
  }

  /** Keeps the most the server said its window held in step `step` (see {@link TimelineData.serverUsed}). */
  private serverWord(step: number, { limit, remaining }: RateLimitHeaders): void {
    if (limit === undefined || remaining === undefined) return;
    const used = Math.max(0, limit - remaining);
    const d = this.data;
    d.serverUsed[step] = Math.max(d.serverUsed[step] ?? 0, used);
    d.serverLimit = Math.max(d.serverLimit ?? 0, limit);
  }

  /** The record so far, with the current second closed. */
  toJSON(): TimelineData {
    this.step();
    this.closeLatencies();
    const data = this.data;
    return {
      ...data,
      ...Object.fromEntries(
        (["requests", "budgeted", "throttled", "retries", "pauses", "pauseMs"] as const).map(
          (key) => [key, data[key].slice()],
        ),
      ),
      serverUsed: data.serverUsed.slice(),
      p50: data.p50.slice(),
      p95: data.p95.slice(),
      p99: data.p99.slice(),
    } as TimelineData;
  }

  /** The index of the current second, extending every column to it. */
  private step(at = this.now()): number {
    const step = Math.max(0, Math.floor((at - this.start) / STEP_MS));
    if (step > this.current) {
      this.closeLatencies();
      this.current = step;
    }
    const d = this.data;
    while (d.requests.length <= this.current) {
      d.requests.push(0);
      d.budgeted.push(0);
      d.serverUsed.push(null);
      d.throttled.push(0);
      d.retries.push(0);
      d.pauses.push(0);
      d.pauseMs.push(0);
    }
    // A late event (clock stepped back) counts in the current second.
    return this.current;
  }

  /** Writes the percentiles of the buffered latencies into the second they belong to. */
  private closeLatencies(): void {
    const d = this.data;
    while (d.p50.length < this.current) {
      d.p50.push(null);
      d.p95.push(null);
      d.p99.push(null);
    }
    if (d.p50.length > this.current) {
      this.latencyCount = 0; // closed already (by toJSON): a straggler is dropped
      return;
    }
    const n = this.latencyCount;
    if (n === 0) {
      d.p50.push(null);
      d.p95.push(null);
      d.p99.push(null);
    } else {
      const sorted = this.latencies.subarray(0, n).sort();
      const rank = (q: number) => round(sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] as number);
      d.p50.push(rank(0.5));
      d.p95.push(rank(0.95));
      d.p99.push(rank(0.99));
    }
    this.latencyCount = 0;
  }

  private grow(): void {
    const bigger = new Float64Array(this.latencies.length * 2);
    bigger.set(this.latencies);
    this.latencies = bigger;
  }
}

function bump(column: number[], step: number, n: number): void {
  column[step] = (column[step] ?? 0) + n;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
