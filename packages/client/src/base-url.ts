import { type MaskOptions, maskSecrets } from "./mask-secrets.js";

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

/** A text that is a URL: a secret in it is masked whatever its length (see {@link MaskOptions}). */
const IN_URL: MaskOptions = { minLength: 1 };

/** The URL as it may be shown: credentials, query and fragment elided, secrets masked. */
function showUrl(url: URL, secrets: ReadonlyArray<string | undefined>): string {
  // No `//` after the scheme: `user:password@host` typed without `https://` is a URL of
  // scheme `user:` whose path is `password@host`, so it is shown as a value that is no URL.
  if (!url.href.startsWith(`${url.protocol}//`)) return elide(url.href, secrets);
  const credentials = url.username !== "" || url.password !== "" ? "…@" : "";
  const rest = `${url.search === "" ? "" : "?…"}${url.hash === "" ? "" : "#…"}`;
  // The parser writes the host in lower case: a secret there is masked in that form too.
  const lowered = secrets.map((secret) => secret?.toLowerCase());
  return maskSecrets(
    `${url.protocol}//${credentials}${url.host}${url.pathname}${rest}`,
    [...secrets, ...lowered],
    IN_URL,
  );
}

function describeUnparsed(value: unknown, secrets: ReadonlyArray<string | undefined>): string {
  if (typeof value !== "string") return value === null ? "null" : typeof value;
  const shown = elide(value, secrets);
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 80)}…` : shown);
}

/**
 * A base URL that did not parse as one, or not as http(s), with what may be `user:password@`
 * and the query elided and secrets masked. Everything before the last `@` goes (after a
 * `scheme://`): a password may hold `/`, `?` or `#`, and a user name without a scheme reads
 * as one. The query goes after, so that a `?` in a password cannot shorten the elision.
 */
function elide(value: string, secrets: ReadonlyArray<string | undefined>): string {
  const at = value.lastIndexOf("@");
  const scheme = /^(?:[a-z][a-z\d+.-]*:)?\/\//i.exec(value)?.[0] ?? "";
  const noCredentials = at < 0 ? value : `${scheme}…${value.slice(at)}`;
  return maskSecrets(noCredentials.replace(/[?#].*$/s, "?…"), secrets, IN_URL);
}
