import { operationMetadata, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type ResponseEvent } from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

const v2 = operationMetadata.setSubscriptionStatusV2;

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("telemetry", () => {
  it("calls onRequest per attempt (with the spec's operation) and onRetry per retry; a throwing hook changes nothing", async () => {
    server = await startScriptedServer([json(500, { message: "oops" }), accepted()]);
    const events: string[] = [];
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
      onRequest: (e) => {
        events.push(`request ${e.operation}: ${e.method} ${new URL(e.url).pathname} #${e.attempt}`);
        throw new Error("hook bug");
      },
      onRetry: (e) => events.push(`retry after #${e.attempt}: ${e.reason.code}`),
    });
    const result = await braze.send({
      subscription_group_id: "g",
      subscription_state: "subscribed",
      external_id: "a",
    });
    expect(result.attempts).toBe(2);
    expect(events).toEqual([
      "request setSubscriptionStatus: POST /subscription/status/set #1",
      "retry after #1: http_500",
      "request setSubscriptionStatus: POST /subscription/status/set #2",
    ]);
  });

  it("calls onResponse per answered attempt with operation, status, attempt, latency and X-RateLimit-*", async () => {
    const resetSeconds = Math.ceil(Date.now() / 1000) + 60;
    const delayed = (ms: number, handler: ReturnType<typeof json>): ReturnType<typeof json> => {
      return (req, res) => setTimeout(() => handler(req, res), ms);
    };
    server = await startScriptedServer([
      delayed(150, json(503, { message: "busy" })),
      json(
        201,
        { message: "success" },
        {
          "X-RateLimit-Limit": "5000",
          "X-RateLimit-Remaining": "4998",
          "X-RateLimit-Reset": String(resetSeconds),
        },
      ),
    ]);
    const responses: ResponseEvent[] = [];
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: `${server.url}/proxy`,
      retry: { baseDelayMs: 1 },
      onResponse: (e) => responses.push(e),
    });
    await braze.send({
      subscription_group_id: "g",
      subscription_state: "subscribed",
      external_id: "a",
    });
    expect(responses.map(({ latencyMs: _, ...rest }) => rest)).toEqual([
      { operation: "setSubscriptionStatus", status: 503, attempt: 1, rateLimit: {} },
      {
        operation: "setSubscriptionStatus",
        status: 201,
        attempt: 2,
        rateLimit: { limit: 5000, remaining: 4998, resetEpochMs: resetSeconds * 1000 },
      },
    ]);
    expect(responses[0]?.latencyMs).toBeGreaterThanOrEqual(149);
    expect(responses[1]?.latencyMs).toBeLessThan(responses[0]?.latencyMs ?? 0);
  });

  it("names the multi-group write's own operation (its path ends with the one-group write's)", async () => {
    server = await startScriptedServer([accepted()]);
    const operations: string[] = [];
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: `${server.url}/proxy`,
      onResponse: (e) => operations.push(e.operation),
    });
    await braze.setStatus(
      [{ subscriptionGroupId: "g", state: "subscribed", type: "external_id", id: "a" }],
      { preflight: false },
    );
    expect(server.seen.map((r) => r.url)).toEqual([`/proxy${v2.path}`]);
    expect(operations).toEqual([v2.operationId]);
  });

  it("on X-RateLimit-Remaining: 0 after a success, holds the next request until the reset: no 429, nothing to report", async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 1;
    const spent = { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(resetAt) };
    server = await startScriptedServer([accepted(spent), accepted()]);
    const limited: Array<{ status: number; untilEpochMs: number }> = [];
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { limit: 50, intervalMs: 5000 },
      onRateLimited: (e) => limited.push(e),
    });
    const body: SetSubscriptionStatusBody = {
      subscription_group_id: "g",
      subscription_state: "subscribed",
      external_id: "a",
    };
    await braze.send(body);
    await braze.send(body);
    expect(limited).toEqual([]);
    const [, second] = server.seen;
    expect(second?.time).toBeGreaterThanOrEqual(resetAt * 1000 - 5);
  });
});
