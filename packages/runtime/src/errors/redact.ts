/**
 * Removes every occurrence of `secret` from `text`. Used on anything that crosses the runtime's
 * boundary (error messages, causes, log fields) because a fetch implementation or a proxy may
 * echo request headers back in its own error texts.
 */
export function redact(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join("[redacted]");
}

/**
 * `value` with every occurrence of `secret` removed from its strings: a string is redacted,
 * an object or array (a parsed JSON body, a header record) is copied through JSON with the
 * secret removed when it holds it anywhere, else returned as is. Other values are returned
 * unchanged.
 */
export function redactValue(value: unknown, secret: string): unknown {
  if (typeof value === "string") return redact(value, secret);
  if (value === null || typeof value !== "object" || secret === "") return value;
  const text = JSON.stringify(value);
  if (!text?.includes(secret)) return value;
  const clean = redact(text, secret);
  try {
    return JSON.parse(clean);
  } catch {
    // A secret that spanned JSON syntax (a quote, a bracket): its text, redacted, is what is left.
    return clean;
  }
}

/**
 * A copy of an unknown thrown value that is safe to keep as an error's `cause`: an `Error` with
 * the same name, message (redacted) and `code`, and the same for its own cause, nothing else
 * (no request objects, no headers).
 */
export function safeCause(value: unknown, secret: string, depth = 0): Error | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Error)) return new Error(redact(String(value), secret));
  const copy = new Error(redact(value.message, secret));
  copy.name = value.name;
  const code = (value as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") {
    (copy as Error & { code?: unknown }).code = code;
  }
  copy.stack = `${copy.name}: ${copy.message}`;
  if (depth < 3 && value.cause !== undefined) {
    const inner = safeCause(value.cause, secret, depth + 1);
    if (inner) copy.cause = inner;
  }
  return copy;
}
