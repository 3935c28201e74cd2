import {
  describeValue,
  field,
  type OptionChecker,
  optionChecker,
  Secret,
} from "@braze-subscriptions/option-checks";
import { normalizeBaseUrl } from "./base-url.js";
import { environmentVariables, targetFromEnvironment } from "./environment/env-defaults.js";
import { readEnv } from "./environment/host.js";
import { type InstanceName, instances } from "./generated/metadata.gen.js";
import { maskSecrets } from "./mask-secrets.js";
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

/** Every option of {@link ClientOptions}, once: the compiler keeps it complete. */
const CLIENT_OPTIONS: Record<keyof ClientOptions, true> = {
  apiKey: true,
  instance: true,
  baseUrl: true,
  fetch: true,
  headers: true,
  userAgent: true,
};

/**
 * The names {@link resolveClientOptions} takes. Any other is refused: a mistyped option
 * (openai-node's `baseURL` for `baseUrl`) would otherwise be ignored, and requests would go
 * to the environment's target, possibly a production instance.
 */
export const clientOptionNames: readonly (keyof ClientOptions)[] = Object.keys(
  CLIENT_OPTIONS,
) as (keyof ClientOptions)[];

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
 * How errors name where the key and target came from: the client's options
 * (`createClient: option "apiKey"`) or the CLI's flags (`--api-key`); both name the
 * environment's as `environment variable BRAZE_API_KEY`.
 */
export interface SourceNames {
  /** Starts every message: `createClient: `, or nothing. */
  where: string;
  apiKey: string;
  instance: string;
  baseUrl: string;
}

/** Where requests go: an instance of the spec's servers, or a base URL. */
export type Target = { instance: InstanceName } | { baseUrl: string };

/** Reads one environment variable: the host's ({@link readEnv}), or the CLI's injected one. */
export type ReadEnv = (name: string) => string | undefined;

/**
 * Checks options and applies defaults. Bad values throw a `TypeError` naming the option, the
 * expectation and what was given (the API key's value is never repeated); so does a name
 * outside `known` (a typo). `where` starts the message: the runtime passes its own name, and
 * its own option names as `known`, as it resolves the client's options for the clients it
 * creates.
 */
export function resolveClientOptions(
  options: ClientOptions = {},
  where = "createClient",
  known: readonly string[] = clientOptionNames,
): ResolvedClientOptions {
  const check = optionChecker(where);
  const given = check.options(options, known);
  const names: SourceNames = { where: `${where}: `, ...OPTION_NAMES };
  const apiKey = findApiKey(given.apiKey, readEnv, names);
  if (apiKey === undefined) {
    // Blank or not a string, so safe to show (a usable key from the environment never is).
    const got = given.apiKey === undefined ? readEnv(environmentVariables.apiKey) : given.apiKey;
    throw new TypeError(
      `${where}: option "apiKey" must be a non-empty string, got ${describeValue(got)} (on Node, ${environmentVariables.apiKey} also works)`,
    );
  }
  const target = findTarget(given, readEnv, names, apiKey);
  if (target === undefined) {
    throw new TypeError(
      `${where}: option "instance" (e.g. "${Object.keys(instances)[0]}") or option "baseUrl" is required (on Node, ${environmentVariables.target.join(", ")} also work)`,
    );
  }
  const { headers, userAgent, ...resolved } = check.fields(given, {
    fetch: field.fn(globalThis.fetch),
    headers: checkedHeaders,
    userAgent: (value, name, check) => {
      const text = field.text("")(value, name, check);
      // Described by its length, as a header value is: it may hold the key (pasted by mistake).
      if (!HEADER_VALUE.test(text))
        check.fail(
          name,
          "a string without line breaks or characters beyond Latin-1",
          new Secret(text),
        );
      return text;
    },
  });
  return {
    ...resolved,
    apiKey,
    baseUrl: "instance" in target ? instances[target.instance] : target.baseUrl,
    headers: withUserAgent({ ...given.headers }, userAgent),
    [RESOLVED]: true,
  };
}

const OPTION_NAMES = {
  apiKey: 'option "apiKey"',
  instance: 'option "instance"',
  baseUrl: 'option "baseUrl"',
};

/**
 * The API key given, else the environment's; `undefined` when neither is a non-empty
 * string. A key with whitespace is refused, naming where it came from, never its value.
 */
export function findApiKey(given: unknown, read: ReadEnv, names: SourceNames): string | undefined {
  const fromEnv = given === undefined;
  const key = fromEnv ? read(environmentVariables.apiKey) : given;
  if (typeof key !== "string" || key.trim() === "") return undefined;
  const from = () =>
    fromEnv ? `environment variable ${environmentVariables.apiKey}` : names.apiKey;
  if (/\s/.test(key)) {
    throw new TypeError(
      `${names.where}${from()} must not contain whitespace (got a ${key.length}-character string that does)`,
    );
  }
  // It goes into a header: a character a header cannot carry (a zero-width space pasted with
  // it, a NUL) failed every request instead, each identifier of a bulk job as `internal`.
  const bad = [...key].findIndex((char) => !/^[\x21-\x7e]$/.test(char));
  if (bad >= 0) {
    throw new TypeError(
      `${names.where}${from()} must be printable ASCII (got a ${key.length}-character string with another character at position ${bad + 1})`,
    );
  }
  return key;
}

/** A header name: a token of RFC 9110 (what `Headers` accepts). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value `Headers` accepts: Latin-1, no NUL, CR or LF. */
const HEADER_VALUE = /^[^\0\r\n\u0100-\uffff]*$/;

/**
 * `headers` as given, each name and value one a request can carry: a bad one failed every
 * request (a bulk job's every identifier as `internal`) instead of the option. The message
 * names the header, never its value (it may be a secret).
 */
function checkedHeaders(
  value: unknown,
  name: string,
  check: OptionChecker,
): Record<string, string> {
  const headers = check.object(value as object, name, "an object of strings") as Record<
    string,
    unknown
  >;
  for (const [header, text] of Object.entries(headers)) {
    if (!HEADER_NAME.test(header)) check.must(name, "have header names that are tokens", header);
    if (typeof text !== "string" || !HEADER_VALUE.test(text))
      check.must(
        name,
        `have header values that are strings without line breaks or characters beyond Latin-1 (${JSON.stringify(header)} has not)`,
        new Secret(text),
      );
  }
  return headers as Record<string, string>;
}

/**
 * The target given (`instance` or `baseUrl`, never both), else the first target variable of
 * the environment; `undefined` when there is none. An instance must be one of the spec's
 * servers, a base URL passes {@link normalizeBaseUrl}; errors mask `apiKey`.
 */
export function findTarget(
  given: { instance?: unknown; baseUrl?: unknown },
  read: ReadEnv,
  names: SourceNames,
  apiKey: string | undefined,
): Target | undefined {
  const { instance, baseUrl } = given;
  if (instance !== undefined && baseUrl !== undefined) {
    throw new TypeError(`${names.where}give ${names.instance} or ${names.baseUrl}, not both`);
  }
  const env = targetFromEnvironment(read);
  const found =
    instance !== undefined
      ? { instance, from: names.instance }
      : baseUrl !== undefined
        ? { baseUrl, from: names.baseUrl }
        : env && { ...env, from: `environment variable ${env.from}` };
  if (found === undefined) return undefined;
  const label = `${names.where}${found.from}`;
  if ("baseUrl" in found) {
    return { baseUrl: normalizeBaseUrl(found.baseUrl, { name: label, secrets: [apiKey] }) };
  }
  if (typeof found.instance === "string" && Object.hasOwn(instances, found.instance)) {
    return { instance: found.instance as InstanceName };
  }
  throw new TypeError(
    `${label} must be one of ${Object.keys(instances).join(", ")}; got ${maskSecrets(describeValue(found.instance), [apiKey])}`,
  );
}

/** Adds the default `User-Agent` unless the caller's headers carry one (any casing). */
function withUserAgent(headers: Record<string, string>, extra: string): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "user-agent")) return headers;
  const agent = defaultUserAgent(extra.trim() || undefined);
  return agent === undefined ? headers : { ...headers, "User-Agent": agent };
}
