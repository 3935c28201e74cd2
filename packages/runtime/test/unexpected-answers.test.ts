import type { ServerResponse } from "node:http";
import { operationMetadata, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeUnexpectedResponseError,
  BrazeValidationError,
  createBrazeRuntime,
  type RuntimeOptions,
} from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

// Answers that are not the spec's success response must never count as a success: a login
// page with 200, an empty or cut-off 201, another message, any redirect.
const API_KEY = "secret-key-do-not-leak-5a4b3c";
const BODY: SetSubscriptionStatusBody = {
  subscription_group_id: "g1",
  subscription_state: "unsubscribed",
  external_id: ["a", "b"],
};
const LOGIN_PAGE =
  "<!doctype html><html><head><title>Sign in to the guest Wi-Fi</title></head><body><form>…</form></body></html>";

type Server = Awaited<ReturnType<typeof startScriptedServer>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: Parameters<typeof startScriptedServer>[0]): Promise<Server> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

function runtimeFor(server: Server, options: Partial<RuntimeOptions> = {}) {
  return createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: server.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

/** Answers `status` with exactly these bytes and this content type (none when null). */
function raw(status: number, contentType: string | null, body: string) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, contentType === null ? {} : { "content-type": contentType });
    res.end(body);
  };
}

type Row = [
  string,
  { answer: ReturnType<typeof raw>; status: number; contentType?: string; says: RegExp },
];

const rows: Row[] = [
  [
    "an HTML 200 (a captive portal's login page)",
    {
      answer: raw(200, "text/html; charset=utf-8", LOGIN_PAGE),
      status: 200,
      contentType: "text/html",
      says: /HTTP 200, text\/html\): the API documents no such answer/,
    },
  ],
  [
    "a 201 with an empty body",
    {
      answer: raw(201, "application/json", ""),
      status: 201,
      contentType: "application/json",
      says: /HTTP 201, application\/json\): the body is empty/,
    },
  ],
  [
    "a 201 with a cut-off JSON body",
    {
      answer: raw(201, "application/json", '{"message":"succ'),
      status: 201,
      contentType: "application/json",
      says: /HTTP 201, application\/json\): the body is not valid JSON/,
    },
  ],
  [
    '200 {"message":"error"}',
    {
      answer: raw(200, "application/json", '{"message":"error"}'),
      status: 200,
      contentType: "application/json",
      says: /HTTP 200, application\/json\): "message" must be one of "success", "queued"/,
    },
  ],
  [
    "a 201 success body with no content type",
    {
      answer: raw(201, null, '{"message":"success"}'),
      status: 201,
      says: /HTTP 201, no content type\): the API documents no such answer/,
    },
  ],
  [
    "a 201 success body labelled text/plain",
    {
      answer: raw(201, "text/plain", '{"message":"success"}'),
      status: 201,
      contentType: "text/plain",
      says: /HTTP 201, text\/plain\)/,
    },
  ],
];

describe("a 2xx that is not the spec's success response", () => {
  it.each(rows)("send(): %s fails with unexpected_response after one retry", async (_n, row) => {
    const server = await serve([row.answer]);
    const error = await runtimeFor(server)
      .send(BODY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeUnexpectedResponseError);
    expect(error).toMatchObject({
      code: "unexpected_response",
      status: row.status,
      contentType: row.contentType,
      redirect: false,
      attempts: 2,
    });
    expect((error as Error).message).toMatch(row.says);
    expect((error as Error).message).toContain("not counted as a success");
    expect(server.seen).toHaveLength(2);
  });

  it.each(rows)(
    "setStatus(): %s leaves every identifier failed, none succeeded",
    async (_n, row) => {
      const server = await serve([row.answer]);
      const result = await runtimeFor(server, { concurrency: 1 }).setStatus({
        subscriptionGroupId: "g1",
        state: "unsubscribed",
        externalIds: ["a", "b", "c"],
      });
      expect(result).toMatchObject({ succeeded: 0, failed: 3, requests: 1, retries: 1 });
      for (const outcome of result.outcomes ?? []) {
        expect(outcome).toMatchObject({
          outcome: "failed",
          error: { status: row.status, code: "unexpected_response" },
        });
        if (outcome.outcome === "failed") {
          expect(outcome.error.message).toMatch(row.says);
          expect(outcome.error.message).toContain("gave up after 2 attempts");
        }
      }
    },
  );

  it("a passing bad answer is retried once, and the next, real success counts", async () => {
    const server = await serve([raw(200, "text/html", LOGIN_PAGE), accepted()]);
    const retries: string[] = [];
    const result = await runtimeFor(server, {
      onRetry: (event) => retries.push(event.reason.code),
    }).send(BODY);
    expect(result).toMatchObject({ status: 201, body: { message: "success" }, attempts: 2 });
    expect(retries).toEqual(["unexpected_response"]);
  });

  it("never more than maxAttempts, even when it is 1", async () => {
    const server = await serve([raw(200, "text/html", LOGIN_PAGE)]);
    const error = await runtimeFor(server, { retry: { maxAttempts: 1 } })
      .send(BODY)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unexpected_response", attempts: 1 });
    expect(server.seen).toHaveLength(1);
  });

  it("accepts every success the spec documents: 201 success and 202 queued, any charset", async () => {
    const server = await serve([
      raw(201, "application/json; charset=utf-8", '{"message":"success"}'),
      raw(202, "Application/JSON", '{"message":"queued"}'),
    ]);
    const braze = runtimeFor(server);
    expect(await braze.send(BODY)).toMatchObject({ status: 201, attempts: 1 });
    expect(await braze.send(BODY)).toMatchObject({
      status: 202,
      body: { message: "queued" },
      attempts: 1,
    });
  });

  it("the client the runtime exposes refuses the same answers", async () => {
    const server = await serve([raw(200, "text/html", LOGIN_PAGE)]);
    const braze = runtimeFor(server, { retry: { maxAttempts: 1 } });
    const error = await braze.client
      .POST("/subscription/status/set", { body: BODY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeUnexpectedResponseError);
  });
});

describe("redirects are never followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "%i: fails at once naming only the Location's host; the target receives nothing",
    async (status) => {
      const target = await serve([accepted()]);
      const targetHost = new URL(target.url).host;
      // A Location with credentials and the key in its query: none of it may be repeated.
      const location = `http://user:hunter2@${targetHost}/login?next=1&token=${API_KEY}`;
      const origin = await serve([json(status, { message: "moved" }, { location })]);
      const error = await runtimeFor(origin)
        .send(BODY)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrazeUnexpectedResponseError);
      expect(error).toMatchObject({
        code: "unexpected_response",
        status,
        redirect: true,
        attempts: 1,
      });
      const message = (error as Error).message;
      expect(message).toBe(
        `Unexpected answer (HTTP ${status}): a redirect to ${targetHost}; API calls never follow redirects (check the base URL)`,
      );
      const everything = `${message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      for (const secret of ["hunter2", "user:", "/login", "token", API_KEY, "detached"]) {
        expect(everything).not.toContain(secret);
      }
      expect(origin.seen).toHaveLength(1);
      expect(target.seen).toHaveLength(0);
    },
  );

  it("a relative Location names the base URL's host", async () => {
    const origin = await serve([json(302, {}, { location: "/elsewhere" })]);
    const error = await runtimeFor(origin)
      .send(BODY)
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(`a redirect to ${new URL(origin.url).host};`);
  });

  it("in a bulk call, the job stops at once: later batches are not sent (like a 404)", async () => {
    const target = await serve([accepted()]);
    const origin = await serve([json(301, {}, { location: `${target.url}/x` })]);
    const ids = Array.from({ length: 120 }, (_, i) => `id${i}`);
    // The scripted answers are for writes: no preflight read.
    const result = await runtimeFor(origin, { concurrency: 1 }).setStatus(
      { subscriptionGroupId: "g1", state: "subscribed", externalIds: ids },
      { preflight: false },
    );
    expect(result).toMatchObject({ succeeded: 0, failed: 50, notSent: 70 });
    expect(origin.seen).toHaveLength(1);
    expect(target.seen).toHaveLength(0);
    const outcomes = new Set(
      result.outcomes?.map((o) => `${o.outcome} ${"error" in o ? o.error.code : ""}`),
    );
    expect(outcomes).toEqual(
      new Set(["failed unexpected_response", "not_sent unexpected_response"]),
    );
  });

  it("a custom fetch that follows anyway is caught by response.redirected", async () => {
    const target = await serve([accepted()]);
    const origin = await serve([json(307, {}, { location: `${target.url}/x` })]);
    const following: typeof fetch = (input, init) =>
      globalThis.fetch(input, { ...init, redirect: "follow" });
    const error = await runtimeFor(origin, { fetch: following, retry: { maxAttempts: 1 } })
      .send(BODY)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unexpected_response", redirect: true });
    expect((error as Error).message).toContain(`a redirect to ${new URL(target.url).host}`);
  });
});

describe("send() validates and sends one snapshot", () => {
  it("a getter that grows on the second read cannot put 51 ids on the wire", async () => {
    const server = await serve([accepted()]);
    let reads = 0;
    const body = {
      subscription_group_id: "g1",
      subscription_state: "unsubscribed",
      get external_id() {
        reads++;
        return reads === 1 ? ["a"] : Array.from({ length: 51 }, (_, i) => `id${i}`);
      },
    } as SetSubscriptionStatusBody;
    await runtimeFor(server).send(body);
    expect(server.seen).toHaveLength(1);
    expect(JSON.parse(server.seen[0]?.body ?? "")).toEqual({
      subscription_group_id: "g1",
      subscription_state: "unsubscribed",
      external_id: ["a"],
    });
  });

  it("a phone that appears on the second read never joins the email", async () => {
    const server = await serve([accepted()]);
    let reads = 0;
    const body = {
      subscription_group_id: "g1",
      subscription_state: "unsubscribed",
      email: "a@example.com",
    } as SetSubscriptionStatusBody;
    Object.defineProperty(body, "phone", {
      enumerable: true,
      get: () => (++reads === 1 ? undefined : "+14155550100"),
    });
    await runtimeFor(server).send(body);
    expect(JSON.parse(server.seen[0]?.body ?? "")).toEqual({
      subscription_group_id: "g1",
      subscription_state: "unsubscribed",
      email: "a@example.com",
    });
  });

  it("a body that cannot be read as JSON is refused before sending", async () => {
    const server = await serve([accepted()]);
    const body = { ...BODY, subscription_group_id: 1n } as unknown as SetSubscriptionStatusBody;
    const error = await runtimeFor(server)
      .send(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect((error as Error).message).toMatch(/cannot be read as JSON/);
    expect(server.seen).toHaveLength(0);
  });
});

describe("redirects on the multi-group (v2) path", () => {
  it("stop the job at once as on v1: one request, the rest never sent", async () => {
    const target = await serve([accepted()]);
    const origin = await serve([json(302, {}, { location: `${target.url}/x` })]);
    const rows = Array.from({ length: 120 }, (_, i) => ({
      subscriptionGroupId: `g${i % 3}`,
      state: "unsubscribed" as const,
      type: "external_id" as const,
      id: `id${i}`,
    }));
    const result = await runtimeFor(origin, { concurrency: 1 }).setStatus(rows, {
      preflight: false,
    });
    // As on v1: the request's rows fail, the rest are never sent (`not_sent`, the redirect).
    const cap =
      operationMetadata.setSubscriptionStatusV2.requestBody.extensions["x-max-identifiers"];
    expect(result).toMatchObject({
      succeeded: 0,
      failed: cap,
      notSent: 120 - cap,
      stopped: { reason: "systematic_failure", error: { code: "unexpected_response" } },
    });
    expect(origin.seen).toHaveLength(1);
    expect(target.seen).toHaveLength(0);
    const codes = new Set(result.outcomes?.map((o) => ("error" in o ? o.error.code : o.outcome)));
    expect(codes).toEqual(new Set(["unexpected_response"]));
  });
});

describe("a read answer that is not the spec's success", () => {
  it("an identifier missing from Braze's answer is failed, unexpected_response; the others keep their state", async () => {
    const server = await serve([
      json(200, { status: { a: "Subscribed", c: "Unknown" }, message: "success" }),
    ]);
    const result = await runtimeFor(server).getStatus({
      subscriptionGroupId: "g1",
      externalIds: ["a", "b", "c"],
    });
    expect(result).toMatchObject({ subscribed: 1, unknown: 1, failed: 1 });
    expect(result.outcomes).toEqual([
      { outcome: "subscribed", type: "external_id", id: "a", index: 0 },
      {
        outcome: "failed",
        type: "external_id",
        id: "b",
        index: 1,
        error: {
          status: 200,
          code: "unexpected_response",
          message: "Braze's answer has no state for this identifier",
        },
      },
      { outcome: "unknown", type: "external_id", id: "c", index: 2 },
    ]);
  });

  it("a state the spec does not know fails the read's identifiers, unexpected_response, never a state", async () => {
    const odd = json(200, { status: { a: "Subscribed", b: "Pending" }, message: "success" });
    const server = await serve([odd, odd]);
    const result = await runtimeFor(server).getStatus({
      subscriptionGroupId: "g1",
      externalIds: ["a", "b"],
    });
    expect(result).toMatchObject({ subscribed: 0, failed: 2 });
    for (const outcome of result.outcomes ?? [])
      expect(outcome).toMatchObject({
        outcome: "failed",
        error: { code: "unexpected_response", message: expect.stringContaining('"status/b"') },
      });
  });

  it('{"status":{…},"message":"error"} with 200 is no state: every identifier fails, none reads as unsubscribed', async () => {
    const lying = raw(
      200,
      "application/json",
      '{"status":{"a":"Unsubscribed","b":"Unsubscribed"},"message":"error"}',
    );
    const server = await serve([lying, lying]);
    const result = await runtimeFor(server).getStatus({
      subscriptionGroupId: "g1",
      externalIds: ["a", "b"],
    });
    expect(result).toMatchObject({ unsubscribed: 0, failed: 2 });
    for (const outcome of result.outcomes ?? []) {
      expect(outcome).toMatchObject({
        outcome: "failed",
        error: { code: "unexpected_response", message: expect.stringMatching(/"message" must be/) },
      });
    }
  });
});
