import { describeValue, field, optionChecker } from "@braze-subscriptions/option-checks";
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
  /** Marks options already resolved: `createClient` does not check them again. */
  readonly [RESOLVED]: true;
}

const RESOLVED = Symbol("resolved client options");

/** Whether `options` came from {@link resolveClientOptions} (spreads keep the mark). */
export function isResolved(options: unknown): options is ResolvedClientOptions {
  return (options as Partial<ResolvedClientOptions> | null | undefined)?.[RESOLVED] === true;
}

/**
 * Checks options and applies defaults. Bad values throw a `TypeError` naming the option, the
 * expectation and what was given (the API key's value is never repeated). `where` starts the
 * message: the runtime passes its own name, as it resolves the client's options for the
 * clients it creates.
 */
export function resolveClientOptions(
  options: ClientOptions = {},
  where = "createClient",
): ResolvedClientOptions {
  const check = optionChecker(where);
  const given = check.options(options);
  const apiKey = resolveApiKey(where, given.apiKey);
  const { headers, userAgent, ...resolved } = check.fields(given, {
    fetch: field.fn(globalThis.fetch),
    headers: field.object({}, "an object of strings"),
    userAgent: field.text(""),
  });
  return {
    ...resolved,
    apiKey,
    baseUrl: resolveBaseUrl(where, given.instance, given.baseUrl, apiKey),
    headers: withUserAgent({ ...given.headers }, userAgent),
    [RESOLVED]: true,
  };
}

/** The API key, from the option or (on Node) the environment; its value is never repeated. */
function resolveApiKey(where: string, option: unknown): string {
  const fromEnv = option === undefined ? readEnv(environmentVariables.apiKey) : undefined;
  const apiKey = option ?? fromEnv;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError(
      `${where}: option "apiKey" must be a non-empty string, got ${describeValue(apiKey)} (on Node, ${environmentVariables.apiKey} also works)`,
    );
  }
  if (/\s/.test(apiKey)) {
    // The environment variable is named, never its value.
    const keyName =
      fromEnv === undefined
        ? 'option "apiKey"'
        : `environment variable ${environmentVariables.apiKey}`;
    throw new TypeError(
      `${where}: ${keyName} must not contain whitespace (got a ${apiKey.length}-character string that does)`,
    );
  }
  return apiKey;
}

/** Adds the default `User-Agent` unless the caller's headers carry one (any casing). */
function withUserAgent(headers: Record<string, string>, extra: string): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "user-agent")) return headers;
  const agent = defaultUserAgent(extra.trim() || undefined);
  return agent === undefined ? headers : { ...headers, "User-Agent": agent };
}

function resolveBaseUrl(
  where: string,
  instance: unknown,
  baseUrl: unknown,
  apiKey: string,
): string {
  if (instance !== undefined && baseUrl !== undefined) {
    throw new TypeError(`${where}: give option "instance" or option "baseUrl", not both`);
  }
  if (instance === undefined && baseUrl === undefined) {
    const found = targetFromEnvironment(readEnv);
    if (found === undefined) {
      throw new TypeError(
        `${where}: option "instance" (e.g. "${Object.keys(instances)[0]}") or option "baseUrl" is required (on Node, ${environmentVariables.target.join(", ")} also work)`,
      );
    }
    const label = `${where}: environment variable ${found.from}`;
    return "instance" in found
      ? instanceUrl(found.instance, label, apiKey)
      : normalizeBaseUrl(found.baseUrl, { name: label, secrets: [apiKey] });
  }
  if (instance !== undefined) return instanceUrl(instance, `${where}: option "instance"`, apiKey);
  return normalizeBaseUrl(baseUrl, { name: `${where}: option "baseUrl"`, secrets: [apiKey] });
}

function instanceUrl(instance: unknown, label: string, apiKey: string): string {
  if (typeof instance !== "string" || !Object.hasOwn(instances, instance)) {
    throw new TypeError(
      `${label} must be one of ${Object.keys(instances).join(", ")}; got ${maskSecrets(describeValue(instance), [apiKey])}`,
    );
  }
  return instances[instance as InstanceName];
}
