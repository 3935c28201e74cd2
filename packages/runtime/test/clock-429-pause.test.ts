import { afterEach, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// An injected clock drives the runtime's default limiter store too: a 429's pause is waited on
// that clock (it was kept on `Date.now` beside it, so a test clock could not drive the pause).
const NOW = Date.UTC(2030, 0, 1);

it("waits out a 429's Retry-After on the injected clock", async () => {
  server = await startScriptedServer([
    json(429, { message: "rate limited" }, { "Retry-After": "5" }),
    accepted(),
  ]);
  let now = NOW;
  const slept: number[] = [];
  const braze = createBrazeRuntime({
    apiKey: "k",
    baseUrl: server.url,
    random: () => 0,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    },
  });
  const result = await braze.send({
    subscription_group_id: "g",
    subscription_state: "subscribed",
    external_id: "a",
  });
  await braze.close();
  expect(result).toMatchObject({ status: 201, attempts: 2 });
  expect(slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(5_000);
  expect(now - NOW).toBeLessThan(6_000);
}, 10_000);
