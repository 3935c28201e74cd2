import type { BrazeClient, SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { requestBodyValidators, requestWideIssues } from "@braze-subscriptions/validators";
import { apiErrorFor } from "../errors/api-errors.js";
import { redact, redactValue } from "../errors/redact.js";
import { BrazeValidationError } from "../errors/transport-errors.js";
import { type CallOverrides, optionNames } from "../options/call-overrides.js";
import { linkedSignal } from "../signals/linked-signal.js";
import { setStatusOperation } from "../spec/write-rules.js";
import { attemptsOf } from "./attempts.js";
import type { Semaphore } from "./semaphore.js";

/** What {@link BrazeRuntime.send} resolves to. */
export interface SendResult {
  /** The 2xx status (Braze answers 201; 202 has been seen during maintenance). */
  status: number;
  /** The parsed JSON body, or its text when it is not JSON. */
  body: unknown;
  /** Attempts it took. */
  attempts: number;
  /**
   * Every header of the final response, names in lower case: `x-ratelimit-limit`,
   * `x-ratelimit-remaining`, `x-ratelimit-reset`, a request id when the server sends one.
   */
  headers: Record<string, string>;
  /** The response's request id (`x-request-id` or `x-braze-request-id`), when it has one. */
  requestId?: string;
}

/**
 * The body `send` takes: a {@link SetSubscriptionStatusBody} whose lists may be readonly (a
 * body built `as const`, or from a `readonly string[]`). `send` reads it once, into a snapshot,
 * and never changes it; the generated body type's mutable arrays refused such bodies.
 */
export type SendableBody = {
  readonly [K in keyof SetSubscriptionStatusBody]: ReadonlyList<SetSubscriptionStatusBody[K]>;
};

/** `T[]` as `readonly T[]`; anything else as it is. */
type ReadonlyList<T> = T extends (infer Item)[] ? readonly Item[] : T;

/** Per-call options of {@link BrazeRuntime.send}; `timeoutMs` and `retry` override the runtime's. */
export interface SendOptions extends CallOverrides {
  /** Aborts waiting, retrying and the request in flight. */
  signal?: AbortSignal;
}

/** Every option of {@link SendOptions}; others are refused. */
export const sendOptionNames = optionNames<SendOptions>({
  signal: true,
  timeoutMs: true,
  retry: true,
});

/**
 * Sends one body as given (after checking it with the generated request validator and the
 * spec's request-wide rules, `requestWideIssues`), with the runtime's rate limiting and
 * retries, and throws the typed error of a failed answer. The body is read once, into a JSON
 * snapshot, and that snapshot is both validated and sent: a getter or proxy answering
 * differently on a second read cannot put on the wire what was never checked.
 * An error answer's body and headers are kept without `apiKey`: a proxy that quotes the
 * request's `Authorization` back must not put the key into the thrown error.
 */
export async function sendBody(
  client: BrazeClient,
  semaphore: Semaphore,
  body: SendableBody,
  options: SendOptions & { apiKey: string },
): Promise<SendResult> {
  const snapshot = snapshotOf(body);
  const validate = requestBodyValidators[setStatusOperation.operationId];
  const check = validate?.(snapshot);
  // A body whose lists each keep their maxItems may still hold more identifiers than the
  // request's cap over all lists: Braze refuses it, so it is refused here, unsent, too.
  const issues =
    check === undefined
      ? []
      : check.ok
        ? requestWideIssues(setStatusOperation.operationId, check.value)
        : check.errors;
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path || "(body)"} ${issue.message}`).join("; ");
    throw new BrazeValidationError(`send: invalid body: ${list}`, issues);
  }
  return semaphore.run(async () => {
    const link = linkedSignal(options.signal);
    const { data, error, response } = await client
      .POST(setStatusOperation.path, { body: snapshot, parseAs: "text", signal: link.signal })
      .finally(link.release);
    const attempts = attemptsOf(response);
    if (!response.ok) {
      throw apiErrorFor({
        status: response.status,
        headers: headerRecord(response.headers, options.apiKey),
        body: redactValue(error, options.apiKey),
        attempts,
      });
    }
    const headers = headerRecord(response.headers, options.apiKey);
    const requestId = headers["x-request-id"] ?? headers["x-braze-request-id"];
    return {
      status: response.status,
      body: parseMaybeJson(data),
      attempts,
      headers,
      ...(requestId === undefined ? {} : { requestId }),
    };
  }, options.signal);
}

// A JSON round trip reads every getter once and keeps what JSON.stringify would send (toJSON
// applied, undefined dropped), as plain data that reads the same every time.
function snapshotOf(body: SendableBody): SetSubscriptionStatusBody {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BrazeValidationError(`send: the body cannot be read as JSON: ${reason}`, [
      { path: "", code: "unreadable", message: `value could not be read as JSON (${reason})` },
    ]);
  }
  // undefined: a function, a symbol or undefined itself; the validator names what is wrong.
  return (text === undefined ? undefined : JSON.parse(text)) as SetSubscriptionStatusBody;
}

function parseMaybeJson(text: unknown): unknown {
  if (typeof text !== "string" || text === "") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every header of a response (names in lower case), with `apiKey` scrubbed from the values. */
export function headerRecord(headers: Headers, apiKey: string): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = redact(value, apiKey);
  });
  return record;
}
