import { isTimerMs } from "@braze-subscriptions/client";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * Parses a duration such as `1m`, `10s`, `250ms`, `1.5h` or `m` (one minute) into
 * milliseconds. Returns `undefined` when the text is not a positive duration a timer can hold
 * (at most 2^31 − 1 ms: Node turns a longer timer into 1 ms).
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|h)\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = match[1] === undefined ? 1 : Number(match[1]);
  const unit = match[2]?.toLowerCase() as keyof typeof UNIT_MS;
  const ms = amount * UNIT_MS[unit];
  const rounded = Math.round(ms);
  return isTimerMs(rounded, 1) ? rounded : undefined;
}

/** Formats milliseconds for people: `850ms`, `12.4s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}
