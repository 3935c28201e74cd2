import { redact, redactValue } from "../errors/redact.js";
import type { Logger } from "../telemetry.js";

/**
 * Wraps a logger so that no message or field value can carry the API key, whatever a fetch
 * implementation put into an error text. Returns undefined when no logger was given.
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
  return {
    debug: (message, fields) => logger.debug(redact(message, apiKey), clean(fields)),
    info: (message, fields) => logger.info(redact(message, apiKey), clean(fields)),
    warn: (message, fields) => logger.warn(redact(message, apiKey), clean(fields)),
    error: (message, fields) => logger.error(redact(message, apiKey), clean(fields)),
  };
}
