import { isTimerMs, MAX_TIMER_MS } from "@braze-subscriptions/client";
import { CliUsageError } from "../errors.js";

const SECOND = 1000;
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
};

/** `"250"` / `"250ms"` / `"30s"` / `"1m"` / `"1h"` → milliseconds (a bare number is ms). */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) {
    throw new CliUsageError(
      `${flag}: expected a duration such as 500ms, 30s, 1m or 1h, got ${JSON.stringify(text)}`,
    );
  }
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] as number));
  // Node turns a longer timer into 1 ms: a "30-day" delay would answer at once.
  if (!isTimerMs(ms)) {
    throw new CliUsageError(
      `${flag}: expected a duration a timer can hold (at most ${MAX_TIMER_MS} ms, about 24.8 days), got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}
