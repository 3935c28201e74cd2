import { environmentVariables, targetFromEnvironment } from "./environment/env-defaults.js";
import { readEnv } from "./environment/host.js";
import { type InstanceName, instances } from "./generated/metadata.gen.js";
import { defaultUserAgent } from "./user-agent.js";

/**
 * Options of {@link createClient}. On Node, what is not given comes from the environment
 * (`BRAZE_API_KEY`; `BRAZE_REST_ENDPOINT`, `BRAZE_REST_URL` or `BRAZE_INSTANCE`); browsers
 * and edge runtimes read no environment.
 */
export interface ClientOptions {
  /**
   * A Braze REST API key with the permission the operations need. Never logged.
   * @default env BRAZE_API_KEY (Node only; required elsewhere)
   */
  apiKey?: string;
  /**
   * The Braze REST instance of your workspace, e.g. `"EU-01"`; resolved to its base URL from
   * the spec's servers.
   * @default undefined (then `baseUrl`, or on Node the environment's target)
   */
  instance?: InstanceName;
  /**
   * A base URL instead of `instance`, e.g. a proxy or the local Braze fake. `http://` is only
   * accepted for loopback hosts, so an API key never travels in clear text.
   * @default env BRAZE_REST_ENDPOINT, then BRAZE_REST_URL, then BRAZE_INSTANCE (Node only)
   */
  baseUrl?: string;
  /**
   * The `fetch` that sends requests: pass one to add retries, rate limiting or tracing.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Extra headers sent with every request. `Authorization` is always set from `apiKey`; a
   * `User-Agent` here replaces the default one.
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Appended to the default `User-Agent` (`braze-subscriptions/<version> (node/<version>)`),
   * e.g. `"my-app/1.2.0"`, so Braze-side logs can tell your service apart.
   * @default undefined (the default `User-Agent` alone)
   */
  userAgent?: string;
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
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`createClient: options must be an object, got ${describe(options)}`);
  }
  const { instance, baseUrl, fetch, headers, userAgent } = options;
  const fromEnv = options.apiKey === undefined ? readEnv(environmentVariables.apiKey) : undefined;
  const apiKey = options.apiKey ?? fromEnv;
  // The environment variable is named, never its value.
  const keyName =
    fromEnv === undefined
      ? 'option "apiKey"'
      : `environment variable ${environmentVariables.apiKey}`;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError(
      `createClient: option "apiKey" must be a non-empty string, got ${describe(apiKey)} (on Node, ${environmentVariables.apiKey} also works)`,
    );
  }
  if (/[\s]/.test(apiKey)) {
    throw new TypeError(
      `createClient: ${keyName} must not contain whitespace (got a ${apiKey.length}-character string that does)`,
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
  if (userAgent !== undefined && (typeof userAgent !== "string" || userAgent.trim() === "")) {
    throw new TypeError(
      `createClient: option "userAgent" must be a non-empty string, got ${describe(userAgent)}`,
    );
  }
  return {
    apiKey,
    baseUrl: resolveBaseUrl(instance, baseUrl),
    fetch: fetch ?? globalThis.fetch,
    headers: withUserAgent({ ...headers }, userAgent),
  };
}

/** Adds the default `User-Agent` unless the caller's headers carry one (any casing). */
function withUserAgent(
  headers: Record<string, string>,
  extra: string | undefined,
): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "user-agent")) return headers;
  const agent = defaultUserAgent(extra?.trim());
  return agent === undefined ? headers : { ...headers, "User-Agent": agent };
}

function resolveBaseUrl(instance: unknown, baseUrl: unknown): string {
  if (instance !== undefined && baseUrl !== undefined) {
    throw new TypeError(`createClient: give option "instance" or option "baseUrl", not both`);
  }
  if (instance === undefined && baseUrl === undefined) {
    const found = targetFromEnvironment(readEnv);
    if (found === undefined) {
      throw new TypeError(
        `createClient: option "instance" (e.g. "${Object.keys(instances)[0]}") or option "baseUrl" is required (on Node, ${environmentVariables.target.join(", ")} also work)`,
      );
    }
    const label = `environment variable ${found.from}`;
    return "instance" in found
      ? instanceUrl(found.instance, label)
      : checkedUrl(found.baseUrl, label);
  }
  if (instance !== undefined) return instanceUrl(instance, 'option "instance"');
  return checkedUrl(baseUrl, 'option "baseUrl"');
}

function instanceUrl(instance: unknown, label: string): string {
  if (typeof instance !== "string" || !Object.hasOwn(instances, instance)) {
    throw new TypeError(
      `createClient: ${label} must be one of ${Object.keys(instances).join(", ")}; got ${describe(instance)}`,
    );
  }
  return instances[instance as InstanceName];
}

function checkedUrl(baseUrl: unknown, label: string): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new TypeError(
      `createClient: ${label} must be an absolute http(s) URL, got ${describe(baseUrl)}`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(
      `createClient: ${label} must use https:// unless the host is loopback, got ${describe(baseUrl)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`createClient: ${label} must be an http(s) URL, got ${describe(baseUrl)}`);
  }
  return url.href.replace(/\/+$/, "");
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
