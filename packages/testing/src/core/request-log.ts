import type { FaultKind } from "./faults.js";

/** One request the fake received. */
export interface RequestLogEntry {
  /** When it arrived (ms since the epoch, on the fake's clock). */
  readonly time: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** URL path, without the query string. */
  readonly path: string;
  /** The status answered; `0` when the connection was reset without an answer. */
  readonly status: number;
  /** How many identifiers the body carried (all of `external_id`, `email`, `phone`). */
  readonly identifierCount: number;
  /** The parsed JSON body, when it parsed (and `logBodies` is on). */
  readonly body?: unknown;
  /** The fault injected into this request, if any (`"storm"`: answered 429 by a storm). */
  readonly fault?: FaultKind | "storm";
}

/** The request log: oldest first, keeping at least the last `maxEntries` entries. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Trim in chunks so a full log does not pay an O(n) shift on every request.
    if (this.entries.length > this.#maxEntries + Math.ceil(this.#maxEntries / 10)) {
      this.entries.splice(0, this.entries.length - this.#maxEntries);
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}
