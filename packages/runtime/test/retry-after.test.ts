import { afterEach, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// A clock that stands still and sleeps at once: the waits the runtime asks for are recorded,
// not spent, and a Retry-After in seconds or as a date comes out exact.
const NOW = Date.UTC(2030, 0, 1);

it("honours Retry-After on any retryable status, in seconds or as a date", async () => {
  server = await startScriptedServer([
    json(408, { message: "request timeout" }, { "Retry-After": "3" }),
    json(502, { message: "bad gateway" }, { "Retry-After": new Date(NOW + 7_000).toUTCString() }),
    json(500, { message: "oops" }, { "Retry-After": "2" }),
    json(503, { message: "busy" }),
    accepted(),
  ]);
  const slept: number[] = [];
  const retries: Array<[string, number]> = [];
  const braze = createBrazeRuntime({
    apiKey: "k",
    baseUrl: server.url,
    // The backoff's draw is 0: any wait comes from the answer.
    random: () => 0,
    clock: {
      now: () => NOW,
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
    onRetry: (e) => retries.push([e.reason.code, e.delayMs]),
  });
  const result = await braze.send({
    subscription_group_id: "g",
    subscription_state: "subscribed",
    external_id: "a",
  });
  expect(result).toMatchObject({ status: 201, attempts: 5 });
  expect(retries).toEqual([
    ["http_408", 3_000],
    ["http_502", 7_000],
    ["http_500", 2_000],
    ["http_503", 0],
  ]);
  expect(slept).toEqual([3_000, 7_000, 2_000, 0]);
});
