import { instances } from "@braze-subscriptions/client";
import { optionChecker } from "@braze-subscriptions/option-checks";
import { http, type RequestHandler } from "msw";
import { BrazeCore } from "../core/braze-core.js";
import { type BrazeFakeOptions, fakeOptionNames, resolveFakeOptions } from "../options/index.js";
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
   * options of a core must not be (they were applied when the core was made).
   * @default a new core made from these options
   */
  core?: BrazeCore;
}

/** The names {@link brazeHandlers} takes: the fake's but `port` and `host` (no server), and its own. */
const HANDLER_OPTIONS = [
  ...fakeOptionNames.filter((name) => name !== "port" && name !== "host"),
  "baseUrl",
  "core",
];

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
  const check = optionChecker("brazeHandlers");
  const { baseUrl, core: given, ...coreOptions } = check.options(options, HANDLER_OPTIONS);
  if (given !== undefined) {
    // Duck-typed: the CommonJS build has one copy of BrazeCore per entry point.
    if (given === null || typeof (given as Partial<BrazeCore>).handle !== "function")
      check.must("core", "come from createBrazeCore() or a fake's .core", given);
    const ignored = Object.keys(coreOptions);
    if (ignored.length > 0) {
      throw new TypeError(
        `brazeHandlers: give option "core" or the options of a new core (${ignored.join(", ")}), not both`,
      );
    }
  }
  const core = given ?? new BrazeCore(resolveFakeOptions(coreOptions, "brazeHandlers"));
  const urls = baseUrl === undefined ? Object.values(instances) : [baseUrl].flat();
  const bad = urls.find((url) => typeof url !== "string" || !URL.canParse(url));
  if (urls.length === 0 || bad !== undefined)
    check.fail("baseUrl", "an absolute URL or a non-empty array of them", bad ?? baseUrl);
  return urls.map((url) => {
    const base = url.replace(/\/+$/, "");
    const basePath = new URL(base).pathname.replace(/\/+$/, "");
    return http.all(`${base}/*`, ({ request }) => handleBrazeRequest(request, core, basePath));
  });
}
