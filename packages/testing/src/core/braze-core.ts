import type { BrazeFakeOptions, FaultOptions, ResolvedFakeOptions } from "../options/index.js";
import { resolveFakeOptions } from "../options/index.js";
import { findRoute, type QueryShape, type Route, routes } from "../spec/operations.js";
import { type RequestConflict, requestConflict } from "../spec/request-exclusions.js";
import { readSpecResponses, type SpecResponses } from "../spec/responses.js";
import { authorize, hasPermission } from "./authorize.js";
import type { FakeOutcome, FakeRequest } from "./fake-exchange.js";
import { type FaultKind, FaultPlan, LOGIN_PAGE_HTML } from "./faults.js";
import { internalErrorBody, reasonBody } from "./http-reasons.js";
import { type IdentifierWrite, identifiersOf, writesOf } from "./identifiers.js";
import { parseQuery } from "./parse-query.js";
import { type ForeignTraffic, type RateDecision, RateLimiter } from "./rate-limit/index.js";
import { type ReadAnswer, readAnswerer } from "./read-answers.js";
import { LoggedRequest, RequestLog, type RequestLogEntry } from "./request-log.js";
import { SubscriptionStore } from "./subscription-store.js";
import { type BodyCheck, bodyValidator, queryValidator } from "./validate-body.js";

const JSON_TYPE = "application/json";
const HTML_TYPE = "text/html; charset=utf-8";
const NOT_PARSED = Symbol("not parsed");
// How a query is read where the operation takes none (a write, an unknown path): as text.
const NO_QUERY: QueryShape = { parameters: {}, slots: [], maxIdentifiers: 0 };
const decoder = new TextDecoder();
// The fake's own wording: Braze does not document its message for a body that is not JSON.
const INVALID_JSON_BODY = JSON.stringify({ message: "Bad Request: the body is not valid JSON" });
// Also the fake's wording: Braze does not document its answer for a group id it does not know.
const UNKNOWN_GROUP_BODY = JSON.stringify({
  message: "Bad Request: subscription_group_id is not a subscription group of this workspace",
});

interface RouteRules {
  readonly spec: SpecResponses;
  /** The generated validator of the body (writes) or of the query (reads). */
  readonly validate: (input: unknown) => BodyCheck;
  /**
   * The fake's reading of the undocumented cap: all identifiers together, at most the body's
   * `x-max-identifiers` or else the smallest `maxItems`.
   */
  readonly maxIdentifiers: number;
  /** How a read answers a valid query; `undefined` for writes. */
  readonly read: ReadAnswer | undefined;
  /** A multi-group body's lists that never come together in one request (v2 emails, phones). */
  readonly conflict: RequestConflict;
}

/**
 * The fake's request handling, shared by the HTTP server and the msw handlers: one code path
 * for routing, auth, rate limiting, faults, validation and state. It decides; adapters carry
 * the decision over their transport.
 */
export class BrazeCore {
  /** The subscription state, per group and identifier. */
  readonly state = new SubscriptionStore();
  /** The largest body an adapter needs to keep in memory (bigger ones only get counted). */
  readonly maxBodyBytes: number;
  readonly #options: ResolvedFakeOptions;
  readonly #log: RequestLog;
  readonly #limiter: RateLimiter | undefined;
  readonly #rules = new Map<Route, RouteRules>();
  #faults: FaultPlan;

  constructor(options: ResolvedFakeOptions) {
    this.#options = options;
    this.#log = new RequestLog(options.maxLogEntries);
    this.#limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit);
    this.#faults = new FaultPlan(options.faults, options.now());
    this.state.applyDelayMs = options.applyDelayMs;
    this.state.now = options.now;
    for (const route of routes) {
      const spec = readSpecResponses(route);
      this.#rules.set(route, {
        spec,
        validate: route.body ? bodyValidator(route.operationId) : queryValidator(route.operationId),
        maxIdentifiers: route.body?.maxIdentifiers ?? route.query?.maxIdentifiers ?? Infinity,
        read: route.body ? undefined : readAnswerer(route, this.state, spec.successBody),
        conflict: requestConflict(route),
      });
    }
    this.maxBodyBytes =
      options.maxBodyBytes ??
      Math.max(...[...this.#rules.values()].map((r) => r.spec.maxBodyBytes));
  }

  /** Every request received, oldest first. */
  get requests(): readonly RequestLogEntry[] {
    return this.#log.entries;
  }

  /** What the simulated foreign consumer (`rateLimit.foreignShare`) sent so far. */
  get foreignTraffic(): ForeignTraffic {
    return this.#limiter?.foreignTraffic ?? { accepted: 0, refused: 0 };
  }

  /** Forgets state, log and rate-limit budgets; restarts the fault sequence and storm clock. */
  reset(): void {
    this.state.clear();
    this.#log.clear();
    this.#limiter?.clear();
    this.#faults.restart(this.#options.now());
  }

  /** Replaces the fault settings (e.g. per test); the sequence restarts from the seed. */
  setFaults(faults: FaultOptions | undefined): void {
    const { faults: resolved } = resolveFakeOptions(
      faults === undefined ? {} : { faults },
      "setFaults",
    );
    this.#faults = new FaultPlan(resolved, this.#options.now());
  }

  /** Decides the answer to one request, updates state and log. */
  handle(request: FakeRequest): FakeOutcome {
    const now = this.#options.now();
    const route = findRoute(request.method, request.path);
    const rules = this.#rules.get(route ?? (routes[0] as Route)) as RouteRules;
    // A read has no x-max-body-bytes of its own (it takes no body): the API-wide limit (the
    // largest of the spec's) applies to whatever comes with it, not 0.
    const maxBodyBytes =
      this.#options.maxBodyBytes ??
      (route?.body === undefined ? this.maxBodyBytes : rules.spec.maxBodyBytes);
    const tooLarge = request.bodyBytes > maxBodyBytes;
    const isRead = route !== undefined && route.body === undefined;
    const text =
      route === undefined || tooLarge || isRead ? undefined : decoder.decode(request.body);
    const queryText = request.query ?? "";
    const queryShape = route?.query ?? NO_QUERY;
    const parsed = isRead
      ? parseQuery(queryText, queryShape)
      : text === undefined
        ? NOT_PARSED
        : parseJson(text);
    // Logged as read (a read's own query object), or as any query is (a write ignores it).
    const query =
      queryText === ""
        ? undefined
        : isRead
          ? (parsed as Record<string, unknown>)
          : parseQuery(queryText, queryShape);
    const identifierCount =
      route === undefined || parsed === NOT_PARSED ? 0 : identifiersOf(route, parsed);
    const loggedBody = parsed !== NOT_PARSED && this.#options.logBodies ? text : undefined;

    let fault: FaultKind | "storm" | undefined;
    const answer = (
      status: number,
      body: string,
      rate: RateDecision | undefined,
      type = JSON_TYPE,
    ): FakeOutcome => {
      const logged = (answered: number, injected: FaultKind | "storm" | undefined) =>
        new LoggedRequest(
          now,
          request.method.toUpperCase(),
          request.path,
          query,
          answered,
          identifierCount,
          loggedBody,
          injected,
        );
      const entry = logged(status, fault);
      this.#log.add(entry);
      try {
        this.#options.onRequest?.(entry);
      } catch (error) {
        // The client gets a 500 with the reason, at once, and the log says so (the hook is
        // not called again). What the request did (a write) stands.
        this.#log.replace(entry, logged(500, undefined));
        return {
          kind: "response",
          status: 500,
          headers: { "Content-Type": JSON_TYPE },
          body: internalErrorBody(error),
          delayMs: 0,
        };
      }
      const delayMs =
        this.#options.latencyMs + (fault === "timeout" ? this.#options.faults.timeoutDelayMs : 0);
      if (fault === "reset") return { kind: "reset", delayMs };
      return { kind: "response", status, headers: rateHeaders(rate, type), body, delayMs };
    };
    const peek = () => this.#limiter?.peek(route, now);
    const error = (status: number, rate: RateDecision | undefined) =>
      answer(status, rules.spec.errorBody(status) ?? reasonBody(status), rate);

    if (route === undefined) return error(404, peek());
    if (tooLarge) return error(413, peek());

    const stormEnd = this.#faults.stormEnd(now);
    if (stormEnd !== undefined) {
      fault = "storm";
      const rate = peek();
      // The budget is not spent: a client may go on as soon as the storm is over.
      return error(429, rate && { ...rate, allowed: false, remaining: 0, resetAtMs: stormEnd });
    }
    // `429`, `400` and `queued` faults act further down (after auth, and the rate limit and
    // validation for `400` and `queued`, which a read never meets: it has no data to refuse
    // or defer): logged only if they answer.
    const drawn = this.#faults.draw();
    fault = drawn === "429" || drawn === "400" || drawn === "queued" ? undefined : drawn;
    if (fault === "reset") return answer(0, "", undefined);
    if (fault === "502") return answer(502, rules.spec.badGatewayHtml, peek(), HTML_TYPE);
    // The spec has one example for every 5xx; HTTP's reason phrase fits each status better.
    if (fault === "500" || fault === "503" || fault === "504")
      return answer(Number(fault), reasonBody(Number(fault)), peek());
    // False successes: nothing is applied, yet the status is 2xx.
    if (fault === "html-200") return answer(200, LOGIN_PAGE_HTML, peek(), HTML_TYPE);
    if (fault === "empty-201") return answer(rules.spec.successStatus, "", peek());
    if (fault === "truncated-201") {
      const body = rules.spec.successBody;
      return answer(rules.spec.successStatus, body.slice(0, Math.floor(body.length / 2)), peek());
    }
    if (fault === "error-200") return answer(200, JSON.stringify({ message: "error" }), peek());

    const auth = authorize(request.header("authorization"), this.#options.apiKeys);
    if (!auth.ok) return error(401, peek());
    if (drawn === "429") {
      fault = drawn;
      // Refused at the rate limit, as if another service had spent the window: the budget
      // is not spent, and Reset is the window's, so a client may go on when it turns.
      const rate = peek();
      return error(429, rate && { ...rate, allowed: false, remaining: 0 });
    }
    const rate = this.#limiter?.take(route, now);
    if (rate !== undefined && !rate.allowed) return error(429, rate);
    if (!hasPermission(auth.key, route.requiredPermission, this.#options.permissions))
      return error(403, rate);

    if (parsed === NOT_PARSED) return answer(400, INVALID_JSON_BODY, rate);
    if (identifierCount > rules.maxIdentifiers && rules.spec.tooManyIdsBody !== undefined)
      return answer(400, rules.spec.tooManyIdsBody, rate);
    const check = rules.validate(parsed);
    if (!check.ok) {
      const [first] = check.issues;
      const body =
        check.issues.length > 1
          ? { message: first?.message, errors: check.issues }
          : { message: first?.message };
      return answer(400, JSON.stringify(body), rate);
    }
    // After the validator, which already refuses both lists in one group with the same message.
    const conflict = rules.conflict(parsed);
    if (conflict !== undefined) return answer(400, conflict, rate);

    const writes = rules.read === undefined ? writesOf(route, parsed) : [];
    if (namesUnknownGroup(parsed, writes, this.#faults.config.unknownGroups))
      return answer(400, UNKNOWN_GROUP_BODY, rate);
    if (drawn === "400" && !isRead) {
      fault = drawn;
      return answer(400, reasonBody(400), rate);
    }
    if (rules.read !== undefined)
      return answer(
        rules.spec.successStatus,
        rules.read(parsed as Record<string, unknown>, now),
        rate,
      );
    for (const write of writes) this.#write(write, now);
    // Braze deferring the work: a success, and (as Braze eventually does) applied.
    if (drawn === "queued" && rules.spec.queued !== undefined) {
      fault = drawn;
      return answer(rules.spec.queued.status, rules.spec.queued.body, rate);
    }
    return answer(rules.spec.successStatus, rules.spec.successBody, rate);
  }

  #write({ groupId, field, ids, state }: IdentifierWrite, now: number): void {
    this.state.write(groupId, field, ids, state, now);
  }
}

/** Creates the shared request handling of a fake from its options. */
export function createBrazeCore(options: Omit<BrazeFakeOptions, "port" | "host"> = {}): BrazeCore {
  return new BrazeCore(resolveFakeOptions(options, "createBrazeCore"));
}

/** Whether a request names a group of `faults.unknownGroups` (a read's query, or a write's body). */
function namesUnknownGroup(
  parsed: unknown,
  writes: readonly IdentifierWrite[],
  unknown: ReadonlySet<string>,
): boolean {
  if (unknown.size === 0) return false;
  const named = (parsed as { subscription_group_id?: unknown }).subscription_group_id;
  if (typeof named === "string" && unknown.has(named)) return true;
  return writes.some((write) => unknown.has(write.groupId));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_PARSED;
  }
}

function rateHeaders(rate: RateDecision | undefined, contentType: string): Record<string, string> {
  if (rate === undefined) return { "Content-Type": contentType };
  return {
    "Content-Type": contentType,
    "X-RateLimit-Limit": String(rate.limit),
    "X-RateLimit-Remaining": String(rate.remaining),
    // Braze sends epoch seconds; round up so a client never retries before the window turns.
    "X-RateLimit-Reset": String(Math.ceil(rate.resetAtMs / 1000)),
  };
}
