import { instances } from "@braze-subscriptions/client";
import { http, type RequestHandler } from "msw";
import { BrazeCore } from "../core/braze-core.js";
import { type BrazeFakeOptions, resolveFakeOptions } from "../options.js";
import { handleBrazeRequest } from "../web/handle-braze-request.js";

/** Options of {@link brazeHandlers}: the fake's options (but `port`/`host`), plus where to answer. */
export interface BrazeHandlersOptions extends Omit<BrazeFakeOptions, "port" | "host"> {
  /**
   * Base URL(s) to intercept.
   * @default every Braze instance of the spec's servers
   */
  baseUrl?: string | readonly string[];
  /**
   * The request handling to use, e.g. `createBrazeCore()` kept by the test to read
   * `core.state` and `core.requests`, or a running fake's `fake.core`. When given, the other
   * options are ignored (they were applied when the core was made).
   * @default a new core made from these options
   */
  core?: BrazeCore;
}

/**
 * msw 2 request handlers that answer like Braze, through the same request handling as
 * {@link startBrazeFake} (routing, auth, rate limit, validation, state and faults).
 *
 * @example
 * const core = createBrazeCore();
 * const server = setupServer(...brazeHandlers({ core }));
 * server.listen();
 */
export function brazeHandlers(options: BrazeHandlersOptions = {}): RequestHandler[] {
  const { baseUrl, core: given, ...coreOptions } = options;
  const core = given ?? new BrazeCore(resolveFakeOptions(coreOptions, "brazeHandlers"));
  const urls =
    baseUrl === undefined
      ? Object.values(instances)
      : typeof baseUrl === "string"
        ? [baseUrl]
        : baseUrl;
  if (
    !Array.isArray(urls) ||
    urls.length === 0 ||
    urls.some((url) => typeof url !== "string" || !URL.canParse(url))
  ) {
    throw new TypeError(
      `brazeHandlers: option "baseUrl" must be an absolute URL or a non-empty array of them`,
    );
  }
  // Duck-typed: the CommonJS build has one copy of BrazeCore per entry point.
  if (given !== undefined && typeof (given as Partial<BrazeCore>).handle !== "function") {
    throw new TypeError(
      `brazeHandlers: option "core" must come from createBrazeCore() or a fake's .core`,
    );
  }
  return urls.map((url) =>
    http.all(`${url.replace(/\/+$/, "")}/*`, ({ request }) => handleBrazeRequest(request, core)),
  );
}
