import { type InstanceName, instances } from "./generated/metadata.gen.js";

/** Options of {@link createClient}. Give `apiKey` and one of `instance` or `baseUrl`. */
export interface ClientOptions {
  /** A Braze REST API key with the permission the operations need. Never logged. */
  apiKey: string;
  /**
   * The Braze REST instance of your workspace, e.g. `"EU-01"`; resolved to its base URL from
   * the spec's servers.
   * @default undefined (then `baseUrl` is required)
   */
  instance?: InstanceName;
  /**
   * A base URL instead of `instance`, e.g. a proxy or the local Braze fake. `http://` is only
   * accepted for loopback hosts, so an API key never travels in clear text.
   * @default undefined (then `instance` is required)
   */
  baseUrl?: string;
  /**
   * The `fetch` that sends requests: pass one to add retries, rate limiting or tracing.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Extra headers sent with every request. `Authorization` is always set from `apiKey`.
   * @default {}
   */
  headers?: Record<string, string>;
}

/** {@link ClientOptions} with every default applied. */
export interface ResolvedClientOptions {
  apiKey: string;
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Checks options and applies defaults. Bad values throw a `TypeError` naming the option, the
 * expectation and what was given (the API key's value is never repeated).
 */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`createClient: options must be an object, got ${describe(options)}`);
  }
  const { apiKey, instance, baseUrl, fetch, headers } = options;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError(
      `createClient: option "apiKey" must be a non-empty string, got ${describe(apiKey)}`,
    );
  }
  if (/[\s]/.test(apiKey)) {
    throw new TypeError(
      `createClient: option "apiKey" must not contain whitespace (got a ${apiKey.length}-character string that does)`,
    );
  }
  if (fetch !== undefined && typeof fetch !== "function") {
    throw new TypeError(`createClient: option "fetch" must be a function, got ${describe(fetch)}`);
  }
  if (headers !== undefined && (headers === null || typeof headers !== "object")) {
    throw new TypeError(
      `createClient: option "headers" must be an object of strings, got ${describe(headers)}`,
    );
  }
  return {
    apiKey,
    baseUrl: resolveBaseUrl(instance, baseUrl),
    fetch: fetch ?? globalThis.fetch,
    headers: { ...headers },
  };
}

function resolveBaseUrl(instance: unknown, baseUrl: unknown): string {
  if (instance !== undefined && baseUrl !== undefined) {
    throw new TypeError(`createClient: give option "instance" or option "baseUrl", not both`);
  }
  if (instance !== undefined) {
    if (typeof instance !== "string" || !Object.hasOwn(instances, instance)) {
      throw new TypeError(
        `createClient: option "instance" must be one of ${Object.keys(instances).join(", ")}; got ${describe(instance)}`,
      );
    }
    return instances[instance as InstanceName];
  }
  if (baseUrl === undefined) {
    throw new TypeError(
      `createClient: option "instance" (e.g. "${Object.keys(instances)[0]}") or option "baseUrl" is required`,
    );
  }
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new TypeError(
      `createClient: option "baseUrl" must be an absolute http(s) URL, got ${describe(baseUrl)}`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(
      `createClient: option "baseUrl" must use https:// unless the host is loopback, got ${describe(baseUrl)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(
      `createClient: option "baseUrl" must be an http(s) URL, got ${describe(baseUrl)}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
