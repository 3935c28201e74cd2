import { maskSecrets } from "@braze-subscriptions/client";

/**
 * Returns a function that replaces every occurrence of the given secrets in a text with
 * `[redacted]`, in any form they take once written (as is, percent-encoded, JSON-, CSV- or
 * shell-escaped: see the client's `maskSecrets`, the one masking every package uses). It is
 * the last line of defence before anything the CLI prints or writes to a report: the runtime
 * already keeps the API key out of its errors, but a proxy could echo it back in a response
 * body, and that body ends up in an error message.
 */
export function createRedactor(
  secrets: ReadonlyArray<string | undefined>,
): (text: string) => string {
  // Very short strings would redact ordinary words; an API key is never that short.
  const needles = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  if (needles.length === 0) return (text) => text;
  return (text) => maskSecrets(text, needles);
}

/**
 * A URL (a job's target, the base URL a checkpoint stores, a `--base-url` on the job page)
 * with the secrets masked whatever their length: a proxy may route by a short key, and a URL
 * has no ordinary words that masking could spoil.
 */
export function redactUrl(url: string, secrets: ReadonlyArray<string | undefined>): string {
  return maskSecrets(url, secrets, { minLength: 1 });
}

/**
 * A copy of `value` (JSON data: a job record, a page's data) with `redact` applied to every
 * string in it, keys included, before it is serialised: the last line of defence for a file
 * whose parts (an error message of the failure sample, say) come from many places.
 */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  return walk(value, redact) as T;
}

function walk(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, redact));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redact(key), walk(item, redact)]),
  );
}
