import { operationMetadata, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeAbortError,
  BrazeAuthError,
  BrazeBadRequestError,
  BrazeConnectionError,
  BrazeNotFoundError,
  BrazeRateLimitError,
  BrazeServerError,
  BrazeTimeoutError,
  BrazeValidationError,
  createBrazeRuntime,
  type RuntimeOptions,
} from "../src/index.js";
import {
  accepted,
  hang,
  json,
  reset,
  startScriptedServer,
  text,
} from "./support/scripted-server.js";

const API_KEY = "secret-key-do-not-leak-9f8e7d";
const BODY: SetSubscriptionStatusBody = {
  subscription_group_id: "g1",
  subscription_state: "unsubscribed",
  external_id: ["a", "b"],
};
const HTML_502 =
  "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runtimeFor(
  script: Parameters<typeof startScriptedServer>[0],
  options: Partial<RuntimeOptions> = {},
) {
  server = await startScriptedServer(script);
  return createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: server.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

describe("retries", () => {
  it("retries 5xx (JSON and an HTML 502) and connection resets, then succeeds", async () => {
    const retries: unknown[] = [];
    const braze = await runtimeFor(
      [
        json(503, { message: "busy" }),
        text(502, HTML_502),
        reset,
        json(201, { message: "success" }),
      ],
      { onRetry: (e) => retries.push(e.reason.code) },
    );
    const result = await braze.send(BODY);
    expect(result).toMatchObject({ status: 201, body: { message: "success" }, attempts: 4 });
    expect(result.headers["content-type"]).toBe("application/json");
    expect(retries).toEqual(["http_503", "http_502", "connection"]);
    expect(server?.seen).toHaveLength(4);
    expect(server?.seen[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.parse(server?.seen[3]?.body ?? "")).toEqual(BODY);
  });

  it("gives up after maxAttempts with the last answer, HTML bodies kept readable", async () => {
    const braze = await runtimeFor([text(502, HTML_502)], {
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    const error = await braze.send(BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeServerError);
    expect(error).toMatchObject({ status: 502, attempts: 3, body: HTML_502 });
    expect((error as Error).message).toContain("502 Bad Gateway");
    expect(server?.seen).toHaveLength(3);
  });

  it.each([
    [400, BrazeBadRequestError],
    [401, BrazeAuthError],
    [403, BrazeAuthError],
    [404, BrazeNotFoundError],
    [413, BrazeBadRequestError],
  ])("never retries %i", async (status, ErrorClass) => {
    const braze = await runtimeFor([json(status, { message: `nope ${status}` })]);
    const error = await braze.send(BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, attempts: 1, body: { message: `nope ${status}` } });
    expect(server?.seen).toHaveLength(1);
  });

  it("retries a 408 (a proxy's request timeout) like a 5xx", async () => {
    const braze = await runtimeFor([json(408, { message: "request timeout" }), accepted()]);
    expect(await braze.send(BODY)).toMatchObject({ status: 201, attempts: 2 });
    expect(server?.seen).toHaveLength(2);
  });

  it("a 429 that outlasts the retries is a BrazeRateLimitError with the last answer", async () => {
    const braze = await runtimeFor([json(429, { message: "slow down" }, { "Retry-After": "0" })], {
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await braze.send(BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeRateLimitError);
    expect(error).toMatchObject({
      name: "BrazeRateLimitError",
      status: 429,
      attempts: 2,
      body: { message: "slow down" },
    });
    expect(server?.seen).toHaveLength(2);
  });

  it("retries a connection reset while the body is read", async () => {
    const cutOff: Parameters<typeof startScriptedServer>[0][number] = (_req, res) => {
      res.writeHead(201, { "content-type": "application/json", "content-length": "64" });
      res.write('{"mess');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    const codes: string[] = [];
    const braze = await runtimeFor([cutOff, accepted()], {
      onRetry: (e) => codes.push(e.reason.code),
    });
    expect(await braze.send(BODY)).toMatchObject({ status: 201, attempts: 2 });
    expect(codes).toEqual(["connection"]);
  });

  it("a custom fetch that throws anything is a connection failure: retried, message kept, key scrubbed", async () => {
    const throwing: typeof fetch = async (input, init) => {
      const auth = new Request(input, init).headers.get("authorization");
      throw new RangeError(`proxy agent broke on ${auth}`);
    };
    const braze = await runtimeFor([accepted()], {
      fetch: throwing,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await braze.send(BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeConnectionError);
    expect((error as Error).message).toBe(
      "Could not reach Braze: proxy agent broke on Bearer [redacted]",
    );
    const result = await braze.setStatus(
      { subscriptionGroupId: "g1", state: "subscribed", externalIds: ["x"] },
      { preflight: false },
    );
    expect(result.outcomes).toEqual([
      {
        outcome: "failed",
        type: "external_id",
        id: "x",
        index: 0,
        error: {
          code: "retries_exhausted",
          message:
            "Could not reach Braze: proxy agent broke on Bearer [redacted] (gave up after 2 attempts)",
        },
      },
    ]);
  });

  it("honours Retry-After on a 503", async () => {
    const braze = await runtimeFor([
      json(503, { message: "later" }, { "Retry-After": "1" }),
      accepted(),
    ]);
    await braze.send(BODY);
    const [first, second] = server?.seen ?? [];
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("times out each attempt, retries, and reports a timeout when every attempt hangs", async () => {
    const braze = await runtimeFor([hang, accepted()], { timeoutMs: 150 });
    expect(await braze.send(BODY)).toMatchObject({ status: 201, attempts: 2 });
    await server?.close();
    const slow = await runtimeFor([hang], {
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await slow.send(BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100 });
  });

  it("stops at once on abort", async () => {
    const braze = await runtimeFor([hang]);
    const controller = new AbortController();
    const pending = braze.send(BODY, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(BrazeAbortError);
  });

  it("refuses an invalid body before sending", async () => {
    const braze = await runtimeFor([accepted()]);
    const error = await braze
      .send({
        subscription_group_id: "g1",
        subscription_state: "unsubscribed",
        email: ["a@example.com"],
        phone: ["+14155550100"],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect((error as BrazeValidationError).issues.length).toBeGreaterThan(0);
    expect(server?.seen).toHaveLength(0);
  });

  it("refuses a body over the request's x-max-identifiers, all lists together, before sending", async () => {
    // Each list was within its maxItems, so it went out and Braze (and the fake) answered 400
    // "The max number of ids per request was exceeded", spending a request of the budget.
    const cap = operationMetadata.setSubscriptionStatus.requestBody.extensions["x-max-identifiers"];
    const half = Math.floor(cap / 2) + 1;
    const braze = await runtimeFor([accepted()]);
    const error = await braze
      .send({
        subscription_group_id: "g1",
        subscription_state: "unsubscribed",
        external_id: Array.from({ length: half }, (_, i) => `u${i}`),
        email: Array.from({ length: half }, (_, i) => `a${i}@example.com`),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect((error as BrazeValidationError).issues).toEqual([
      expect.objectContaining({ path: "", code: "max_identifiers" }),
    ]);
    expect((error as Error).message).toMatch(`${2 * half} identifiers over all lists`);
    expect(server?.seen).toHaveLength(0);
  });
});

describe("rate-limit feedback", () => {
  it("pauses the whole bucket on 429 until X-RateLimit-Reset, then resumes", async () => {
    const limited: unknown[] = [];
    const resetAt = Math.ceil(Date.now() / 1000) + 1;
    let sawLimit: () => void = () => {};
    const limitSeen = new Promise<void>((resolve) => {
      sawLimit = resolve;
    });
    const braze = await runtimeFor(
      [
        json(
          429,
          { message: "slow down" },
          { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(resetAt) },
        ),
        accepted(),
      ],
      {
        onRateLimited: (e) => {
          limited.push(e);
          sawLimit();
        },
      },
    );
    const first = braze.send(BODY);
    await limitSeen;
    // Another request made during the pause waits for it too.
    const second = braze.send({ ...BODY, external_id: ["c"] });
    await Promise.all([first, second]);
    expect(limited).toEqual([{ status: 429, untilEpochMs: resetAt * 1000, remaining: 0 }]);
    const seen = server?.seen ?? [];
    expect(seen).toHaveLength(3);
    for (const request of seen.slice(1))
      expect(request.time).toBeGreaterThanOrEqual(resetAt * 1000 - 5);
  });

  it("outcomes of a bulk call carry the server's status and message", async () => {
    const braze = await runtimeFor([json(400, { message: "Invalid subscription group" })]);
    // The scripted answers are for writes: no preflight read (fail-fast.test covers it).
    const result = await braze.setStatus(
      { subscriptionGroupId: "g1", state: "subscribed", externalIds: ["a", "b", "a"] },
      { preflight: false },
    );
    expect(result).toMatchObject({
      total: 3,
      valid: 2,
      duplicates: 1,
      failed: 2,
      succeeded: 0,
      requests: 1,
    });
    expect(result.outcomes?.filter((o) => o.outcome === "failed")).toEqual([
      {
        outcome: "failed",
        type: "external_id",
        id: "a",
        index: 0,
        error: { status: 400, code: "http_400", message: "Invalid subscription group" },
      },
      {
        outcome: "failed",
        type: "external_id",
        id: "b",
        index: 1,
        error: { status: 400, code: "http_400", message: "Invalid subscription group" },
      },
    ]);
  });

  it("after a 401, later batches of the same call are not sent: not_sent with the 401", async () => {
    const braze = await runtimeFor([json(401, { message: "Invalid API key" })], { concurrency: 1 });
    const ids = Array.from({ length: 120 }, (_, i) => `id${i}`);
    const result = await braze.setStatus(
      { subscriptionGroupId: "g1", state: "subscribed", externalIds: ids },
      { preflight: false },
    );
    const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;
    expect(result).toMatchObject({ failed: cap, notSent: 120 - cap });
    expect(server?.seen).toHaveLength(1);
    expect(result.stopped).toEqual({
      reason: "systematic_failure",
      error: { status: 401, code: "http_401", message: "Invalid API key" },
    });
    expect(
      new Set(
        result.outcomes?.map((o) => ("error" in o ? `${o.outcome} ${o.error.code}` : o.outcome)),
      ),
    ).toEqual(new Set(["failed http_401", "not_sent http_401"]));
  });
});

describe("the API key never leaks", () => {
  it("is absent from errors, causes, JSON forms, outcomes and log lines", async () => {
    server = await startScriptedServer([accepted()]);
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    // A fetch whose failures quote the request, as some proxies and libraries do.
    const leakyFetch: typeof fetch = async (input, init) => {
      const auth = new Request(input, init).headers.get("authorization");
      throw new TypeError(`fetch failed for ${auth}`, {
        cause: new Error(`socket hang up (${auth})`),
      });
    };
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: server.url,
      fetch: leakyFetch,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    });
    const error = (await braze.send(BODY).catch((e: unknown) => e)) as BrazeConnectionError;
    expect(error).toBeInstanceOf(BrazeConnectionError);
    const result = await braze.setStatus({
      subscriptionGroupId: "g1",
      state: "subscribed",
      externalIds: ["x"],
    });
    const cause = error.cause as Error & { cause?: Error };
    const everything = [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      cause.message,
      String(cause.stack),
      String(cause.cause?.message),
      JSON.stringify(result),
      ...lines,
    ].join("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(API_KEY);
  });
});

describe("the API key never leaks from send()", () => {
  // A proxy (or a misconfigured gateway) that quotes the request's Authorization header back.
  const echo =
    (status: number, type: string) =>
    (
      req: { headers: Record<string, string | string[] | undefined> },
      res: import("node:http").ServerResponse,
    ) => {
      const auth = String(req.headers.authorization);
      res.writeHead(status, { "content-type": type, "x-echo": auth });
      res.end(
        type === "application/json"
          ? JSON.stringify({ message: `invalid key: ${auth}`, errors: [{ header: auth }] })
          : `<html><body>Bad gateway for ${auth}</body></html>`,
      );
    };

  it.each([
    [401, "application/json"],
    [400, "application/json"],
    [502, "text/html"],
  ])(
    "is absent when a %i answer echoes it (message, body, headers, JSON form)",
    async (status, type) => {
      const braze = await runtimeFor([echo(status, type)], { retry: { maxAttempts: 1 } });
      const error = (await braze.send(BODY).catch((e: unknown) => e)) as BrazeAuthError;
      expect(error).toMatchObject({ status });
      const everything = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        JSON.stringify(error.body),
        JSON.stringify(error.headers),
      ].join("\n");
      expect(everything).toContain("[redacted]");
      expect(everything).not.toContain(API_KEY);
    },
  );
});
