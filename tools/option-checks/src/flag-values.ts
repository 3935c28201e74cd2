import { inRange, integerExpected, type NumberRule } from "./option-checker.js";
import { isTimerMs, MAX_TIMER_MS } from "./timer-limit.js";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * The one duration syntax of every time flag of every bin: `500ms`, `30s`, `1m`, `1.5h`, a
 * bare unit (`s`, `m`: one of it, as in `100/s`), or a bare number of milliseconds. Returns
 * `undefined` when the text is none of these or a timer cannot hold it (at most 2^31 − 1 ms:
 * Node turns a longer timer into 1 ms).
 */
export function parseDuration(text: string, min = 0): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const unit = (match[2]?.toLowerCase() ?? "ms") as keyof typeof UNIT_MS;
  const ms = Math.round((match[1] === undefined ? 1 : Number(match[1])) * UNIT_MS[unit]);
  return isTimerMs(ms, min) ? ms : undefined;
}

/** A duration flag's value in ms; a `TypeError` names the flag, the syntax and the bounds. */
export function durationFlag(text: string, flag: string, min = 0): number {
  const ms = parseDuration(text, min);
  if (ms === undefined) {
    throw new TypeError(
      `${flag} must be a duration such as 500ms, 30s or 1m (a bare number is milliseconds), from ${min} ms to at most ${MAX_TIMER_MS} ms (about 24.8 days), got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

/** A whole-number flag (`--port`, `--seed`, `--concurrency`) from `min` to `max`. */
export function integerFlag(
  text: string,
  flag: string,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(text);
  if (/^\s*-?\d+\s*$/.test(text) && Number.isSafeInteger(n) && inRange(n, { min, max })) return n;
  throw new TypeError(`${flag} must be ${integerExpected(min, max)}, got ${JSON.stringify(text)}`);
}

/** A fraction flag within the bounds of `rule` (`text` states them). */
export function fractionFlag(
  text: string,
  flag: string,
  rule: NumberRule & { text: string },
): number {
  const n = Number(text);
  if (text.trim() !== "" && inRange(n, rule)) return n;
  throw new TypeError(`${flag} must be ${rule.text}, got ${JSON.stringify(text)}`);
}

/** A request budget: at most `limit` requests in any window of `intervalMs`. */
export interface RateLimitRule {
  /** Requests allowed per interval. */
  limit: number;
  /** The interval, in milliseconds. */
  intervalMs: number;
}

/** `--rate-limit` values such as `5000/1m`, `600/10s` or `100/s`. */
export function rateLimitFlag(text: string, flag = "--rate-limit"): RateLimitRule {
  const [count, interval, ...rest] = text.split("/");
  const limit = Number(count);
  const intervalMs = interval === undefined ? undefined : parseDuration(interval, 1);
  if (rest.length > 0 || !Number.isInteger(limit) || limit < 1 || intervalMs === undefined) {
    throw new TypeError(
      `${flag} expects <requests>/<interval> such as 600/10s, 100/s or 20/1m, the interval at most ${MAX_TIMER_MS} ms (about 24.8 days); got ${JSON.stringify(text)}`,
    );
  }
  return { limit, intervalMs };
}
