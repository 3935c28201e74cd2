import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busiestWindow } from "./support/busiest-window.js";
import { runBin } from "./support/run-bin.js";

// An ops person who passes `--rate-limit` lower than the workspace's budget asks to leave the
// rest to other services. Until December 2026 the server's `X-RateLimit-*` words, which said
// more remained, were followed past it.

const KEY = "rate-limit-ceiling-key-7c1e";
const SERVER_LIMIT = 40;
const TOLD = 10;
const INTERVAL_MS = 1000;
/** External ids per request (the spec's cap). */
const CAP = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;

describe("set --rate-limit below what the server says it allows", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY],
      rateLimit: { limit: SERVER_LIMIT, intervalMs: INTERVAL_MS, window: "fixed" },
      logBodies: false,
    });
  });
  afterAll(() => fake?.close());

  it("is a ceiling: no span of the interval holds more than it, every row lands", async () => {
    const requests = 3 * TOLD;
    const ids = Array.from({ length: requests * CAP }, (_, i) => `user-${i}`);
    const result = await runBin(
      [
        ...["set", "--group", "g1", "--state", "unsubscribed", "--input", "-"],
        ...["--type", "external_id", "--rate-limit", `${TOLD}/1s`, "--json", "--quiet"],
      ],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url }, stdin: `${ids.join("\n")}\n` },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: ids.length, requests });
    // Writes only: the preflight read draws on the read budget, not this one.
    const writes = fake.requests.filter((r) => r.method === "POST");
    expect(writes.every((r) => r.status === 201)).toBe(true);
    expect(
      busiestWindow(
        writes.map((r) => r.time),
        INTERVAL_MS,
      ),
    ).toBeLessThanOrEqual(TOLD);
  });
});
