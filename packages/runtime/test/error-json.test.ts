import type { SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeConnectionError,
  BrazeServerError,
  BrazeTimeoutError,
  BrazeUnexpectedResponseError,
  BrazeValidationError,
  createBrazeRuntime,
} from "../src/index.js";
import { hang, json, startScriptedServer, text } from "./support/scripted-server.js";

// `toJSON()` is what a logger or a report keeps of an error a caller caught: every field the
// README lists for the class, and the cause as name, message and code, never a stack.
const API_KEY = "json-key-do-not-leak-3e2d1c";
const BODY: SetSubscriptionStatusBody = {
  subscription_group_id: "g1",
  subscription_state: "unsubscribed",
  external_id: ["a"],
};

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sendFor(
  script: Parameters<typeof startScriptedServer>[0],
  options: Record<string, unknown> = {},
): Promise<unknown> {
  server = await startScriptedServer(script);
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: server.url,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return braze.send(BODY).catch((error: unknown) => error);
}

describe("toJSON() of the errors send() throws", () => {
  it("an HTTP error: name, message, status, response headers, body and attempts", async () => {
    const error = await sendFor([json(503, { message: "down" }, { "x-request-id": "r-1" })]);
    expect(error).toBeInstanceOf(BrazeServerError);
    const plain = (error as BrazeServerError).toJSON();
    expect(plain).toMatchObject({
      name: "BrazeServerError",
      message: "Braze answered HTTP 503: down",
      status: 503,
      headers: { "x-request-id": "r-1", "content-type": "application/json" },
      body: { message: "down" },
      attempts: 2,
    });
    expect(plain).not.toHaveProperty("stack");
    expect(JSON.parse(JSON.stringify(error))).toEqual(plain);
  });

  it("a timeout: its timeoutMs", async () => {
    const error = await sendFor([hang], { timeoutMs: 50, retry: { maxAttempts: 1 } });
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect((error as BrazeTimeoutError).toJSON()).toEqual({
      name: "BrazeTimeoutError",
      message: "No answer from Braze within 50 ms",
      timeoutMs: 50,
    });
  });

  it("an unexpected answer: code, status, contentType, redirect and attempts", async () => {
    const error = await sendFor([text(200, "<html>login</html>")]);
    expect(error).toBeInstanceOf(BrazeUnexpectedResponseError);
    expect((error as BrazeUnexpectedResponseError).toJSON()).toMatchObject({
      name: "BrazeUnexpectedResponseError",
      message: expect.stringMatching(/^Unexpected answer \(HTTP 200, text\/html\)/),
      code: "unexpected_response",
      status: 200,
      contentType: "text/html",
      redirect: false,
      attempts: 2,
    });
  });

  it("a refused body: its issues", async () => {
    server = await startScriptedServer([json(201, { message: "success" })]);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: server.url });
    const error = await braze
      .send({ ...BODY, subscription_state: "maybe" } as unknown as SetSubscriptionStatusBody)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    const plain = (error as BrazeValidationError).toJSON();
    expect(plain).toMatchObject({ name: "BrazeValidationError" });
    expect(plain.issues).toEqual((error as BrazeValidationError).issues);
    expect((error as BrazeValidationError).issues.length).toBeGreaterThan(0);
    expect(server.seen).toHaveLength(0);
  });

  it("no answer: the cause as name, message and code, the key scrubbed", async () => {
    const failing: typeof fetch = async (input, init) => {
      const auth = new Request(input, init).headers.get("authorization");
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error(`connect ECONNREFUSED (${auth})`), {
          code: "ECONNREFUSED",
        }),
      });
    };
    const error = await sendFor([hang], { fetch: failing, retry: { maxAttempts: 1 } });
    expect(error).toBeInstanceOf(BrazeConnectionError);
    const plain = (error as BrazeConnectionError).toJSON();
    expect(plain).toMatchObject({
      name: "BrazeConnectionError",
      message: expect.stringMatching(/^Could not reach Braze: /),
      cause: { name: "TypeError", message: "fetch failed" },
    });
    expect(JSON.stringify(plain)).not.toContain(API_KEY);
  });
});
