import { redact, redactValue } from "../errors/redact.js";
import type { Logger } from "../telemetry.js";

/**
 * Wraps a logger so that no message or field value can carry the API key, whatever a fetch
 * implementation put into an error text, and so that a logger that throws (a broken
 * transport, a serializer choking on a field) changes nothing: the line is dropped. Logging
 * happens in the middle of requests: a throw there would turn an answered request into a
 * failure and send it again. Returns undefined when no logger was given.
 */
export function safeLogger(logger: Logger | undefined, apiKey: string): Logger | undefined {
  if (!logger) return undefined;
  const clean = (fields?: Record<string, unknown>) => {
    if (!fields) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      out[name] = redactValue(value, apiKey);
    }
    return out;
  };
  const line =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        logger[level](redact(message, apiKey), clean(fields));
      } catch {
        // Nowhere left to report it: the logger is what failed.
      }
    };
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}
