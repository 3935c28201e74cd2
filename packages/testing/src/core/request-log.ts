import type { FaultKind } from "./faults.js";

/** One request the fake received. */
export interface RequestLogEntry {
  /** When it arrived (ms since the epoch, on the fake's clock). */
  readonly time: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** URL path, without the query string. */
  readonly path: string;
  /**
   * The query string as the fake read it: name → value, a list for `name[]=…` or a repeated
   * name (both encodings give the same object), numbers and booleans for the spec's `integer`,
   * `number` and `boolean` parameters (`limit`, `offset`), other values as text. Plain data,
   * kept whatever `logBodies` says; `undefined` when the URL had no query.
   */
  readonly query: Readonly<Record<string, unknown>> | undefined;
  /**
   * The status the client got; `0` when the connection was reset without an answer, `500` when
   * `onRequest` threw.
   */
  readonly status: number;
  /** How many identifiers the body carried (all of `external_id`, `email`, `phone`). */
  readonly identifierCount: number;
  /** The parsed JSON body; `undefined` when it did not parse or `logBodies` is off. */
  readonly body: unknown;
  /**
   * The fault injected into this request, if any (`"storm"`: answered 429 by a storm;
   * `"queued"`: answered 202 queued, a success).
   */
  readonly fault: FaultKind | "storm" | undefined;
}

/**
 * A log entry that keeps its body as JSON text and parses it on first read: a retained string
 * is one object for the garbage collector, a parsed 50-identifier body over fifty, and the
 * benchmark showed the difference. `body` is an own enumerable getter (one shared descriptor):
 * a spread, `toEqual`, node's `deepEqual` and vitest's diff copy it like a plain field, where
 * a getter on the prototype was left behind (or threw, read on a copy); `toJSON` includes it.
 */
export class LoggedRequest implements RequestLogEntry {
  static readonly #bodyProperty: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LoggedRequest): unknown {
      return this.#parsedBody();
    },
  };
  declare readonly body: unknown;
  #bodyText: string | undefined;
  #body: unknown;

  constructor(
    readonly time: number,
    readonly method: string,
    readonly path: string,
    readonly query: Readonly<Record<string, unknown>> | undefined,
    readonly status: number,
    readonly identifierCount: number,
    bodyText: string | undefined,
    readonly fault: FaultKind | "storm" | undefined,
  ) {
    this.#bodyText = bodyText;
    Object.defineProperty(this, "body", LoggedRequest.#bodyProperty);
  }

  #parsedBody(): unknown {
    if (this.#bodyText !== undefined) {
      this.#body = JSON.parse(this.#bodyText);
      this.#bodyText = undefined;
    }
    return this.#body;
  }

  toJSON(): RequestLogEntry {
    const { time, method, path, query, status, identifierCount, body, fault } = this;
    return { time, method, path, query, status, identifierCount, body, fault };
  }
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

  /** Puts `next` in the place of `entry` (if the log still holds it). */
  replace(entry: RequestLogEntry, next: RequestLogEntry): void {
    const at = this.entries.lastIndexOf(entry);
    if (at !== -1) this.entries[at] = next;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
