import { maskSecrets, normalizeBaseUrl } from "./base-url.js";
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
    baseUrl: resolveBaseUrl(instance, baseUrl, apiKey),
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

function resolveBaseUrl(instance: unknown, baseUrl: unknown, apiKey: string): string {
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
      ? instanceUrl(found.instance, label, apiKey)
      : checkedUrl(found.baseUrl, label, apiKey);
  }
  if (instance !== undefined) return instanceUrl(instance, 'option "instance"', apiKey);
  return checkedUrl(baseUrl, 'option "baseUrl"', apiKey);
}

function instanceUrl(instance: unknown, label: string, apiKey: string): string {
  if (typeof instance !== "string" || !Object.hasOwn(instances, instance)) {
    throw new TypeError(
      `createClient: ${label} must be one of ${Object.keys(instances).join(", ")}; got ${maskSecrets(describe(instance), [apiKey])}`,
    );
  }
  return instances[instance as InstanceName];
}

function checkedUrl(baseUrl: unknown, label: string, apiKey: string): string {
  return normalizeBaseUrl(baseUrl, { name: `createClient: ${label}`, secrets: [apiKey] });
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
