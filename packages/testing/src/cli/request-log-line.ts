import type { RequestLogEntry } from "../core/request-log.js";

/**
 * The `--log` line of a request (both bins of the fake): time, method, path, status,
 * identifier count and fault, never a key.
 */
export function requestLogLine(entry: RequestLogEntry): string {
  const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
  return `${new Date(entry.time).toISOString()} ${entry.method} ${entry.path} ${entry.status || "reset"} ids=${entry.identifierCount}${fault}\n`;
}
