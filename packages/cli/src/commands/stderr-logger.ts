import type { Logger } from "@braze-subscriptions/runtime";
import type { CliIo } from "../io.js";

/**
 * The runtime's log lines as one stderr line each (stdout stays for summaries and JSON). A
 * response reads `setSubscriptionStatus 201 12 ms (attempt 1)`; the rest is the message and
 * its fields as JSON. The runtime has already scrubbed the API key.
 */
export function stderrLogger(stderr: CliIo["stderr"]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    stderr.write(`braze-subscriptions: ${lineOf(level, message, fields ?? {})}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

function lineOf(level: string, message: string, fields: Record<string, unknown>): string {
  const { operation, status, code, latencyMs, attempt } = fields;
  if (message === "response" || message === "no response") {
    return `${operation} ${status ?? code} ${latencyMs} ms (attempt ${attempt})`;
  }
  const rest = Object.keys(fields).length === 0 ? "" : ` ${JSON.stringify(fields)}`;
  return `${level}: ${message}${rest}`;
}
