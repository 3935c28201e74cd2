import { readEnv } from "@braze-subscriptions/client";
import type { Logger } from "../telemetry.js";

/** How much the runtime logs; each level includes the ones after it. `off` logs nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** The environment variable that turns the console logger on (Node only), e.g. `debug`. */
export const LOG_LEVEL_VARIABLE = "BRAZE_LOG";

const ORDER: readonly LogLevel[] = ["debug", "info", "warn", "error", "off"];

/** True when `value` names a {@link LogLevel}. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && (ORDER as readonly string[]).includes(value);
}

/**
 * `BRAZE_LOG` when it names a level; a value that does not is reported once on the console and
 * ignored, as openai-node does with `OPENAI_LOG` (a typo must not break a deployment).
 */
export function logLevelFromEnvironment(): LogLevel | undefined {
  const value = readEnv(LOG_LEVEL_VARIABLE)?.toLowerCase();
  if (value === undefined) return undefined;
  if (isLogLevel(value)) return value;
  console.warn(
    `[braze-subscriptions] ${LOG_LEVEL_VARIABLE}=${JSON.stringify(value)} is not one of ${ORDER.join(", ")}; ignored`,
  );
  return undefined;
}

/** Writes `[braze-subscriptions] message {fields}` through the matching `console` method. */
export const consoleLogger: Logger = {
  debug: (message, fields) => console.debug(...line(message, fields)),
  info: (message, fields) => console.info(...line(message, fields)),
  warn: (message, fields) => console.warn(...line(message, fields)),
  error: (message, fields) => console.error(...line(message, fields)),
};

function line(message: string, fields?: Record<string, unknown>): unknown[] {
  const text = `[braze-subscriptions] ${message}`;
  return fields === undefined ? [text] : [text, fields];
}

/** Drops the calls below `level`; undefined when nothing would pass. */
export function levelledLogger(logger: Logger, level: LogLevel): Logger | undefined {
  const min = ORDER.indexOf(level);
  if (level === "off") return undefined;
  const pass = (at: LogLevel) => ORDER.indexOf(at) >= min;
  const noop = () => {};
  return {
    debug: pass("debug") ? (m, f) => logger.debug(m, f) : noop,
    info: pass("info") ? (m, f) => logger.info(m, f) : noop,
    warn: pass("warn") ? (m, f) => logger.warn(m, f) : noop,
    error: pass("error") ? (m, f) => logger.error(m, f) : noop,
  };
}
