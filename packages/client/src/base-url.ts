const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Checks a REST base URL and returns it without trailing slashes. Throws a `TypeError` that
 * starts with `name` (`createClient: option "baseUrl"`, `--base-url`) when the URL is not
 * absolute, not http(s), plain http off loopback, holds credentials (`user:password@`), or has
 * a query string or fragment (the request path is appended to the base URL, so neither could
 * work). The message never repeats a password, a query string or any of `secrets` (the API
 * key): a key pasted into a URL must not travel on into logs.
 *
 * @example
 * normalizeBaseUrl("http://127.0.0.1:4010/", { name: "--base-url" }); // "http://127.0.0.1:4010"
 */
export function normalizeBaseUrl(
  value: unknown,
  options: { name: string; secrets?: ReadonlyArray<string | undefined> },
): string {
  const { name } = options;
  const secrets = options.secrets ?? [];
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(
      `${name} must be an absolute http(s) URL, got ${describeUnparsed(value, secrets)}`,
    );
  }
  const shown = () => JSON.stringify(showUrl(url, secrets));
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`${name} must be an http(s) URL, got ${shown()}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(
      `${name} must not hold credentials (user:password@): the API key goes in its own option, got ${shown()}`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError(
      `${name} must not have a query string or fragment (the request path is appended to it), got ${shown()}`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(`${name} must use https:// unless the host is loopback, got ${shown()}`);
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * Replaces every occurrence of the given secrets (as written and percent-encoded) with
 * `[redacted]`. Secrets shorter than 8 characters are ignored: they would mask ordinary words.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < 8) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), encodeURI(secret)])) {
      out = out.split(form).join("[redacted]");
    }
  }
  return out;
}

/** The URL as it may be shown: credentials, query and fragment elided, secrets masked. */
function showUrl(url: URL, secrets: ReadonlyArray<string | undefined>): string {
  const credentials = url.username !== "" || url.password !== "" ? "…@" : "";
  const rest = `${url.search === "" ? "" : "?…"}${url.hash === "" ? "" : "#…"}`;
  return maskSecrets(`${url.protocol}//${credentials}${url.host}${url.pathname}${rest}`, secrets);
}

function describeUnparsed(value: unknown, secrets: ReadonlyArray<string | undefined>): string {
  if (typeof value !== "string") return value === null ? "null" : typeof value;
  // Not a URL, but it may still hold `user:password@` or a query: elide both.
  const elided = value.replace(/\/\/[^/?#]*@/, "//…@").replace(/[?#].*$/s, "?…");
  const masked = maskSecrets(elided, secrets);
  return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 80)}…` : masked);
}
