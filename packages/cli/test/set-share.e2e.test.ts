import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busiestWindow } from "./support/busiest-window.js";
import { runBin } from "./support/run-bin.js";

const KEY = "share-key-1a2b3c4d5e";
const LIMIT = 20;
const INTERVAL_MS = 1000;

describe("set --share", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY],
      rateLimit: { limit: LIMIT, intervalMs: INTERVAL_MS, window: "fixed", foreignShare: 0.4 },
      logBodies: false,
    });
  });
  afterAll(() => fake?.close());

  it("takes at most that fraction of the budget and leaves the rest to the other service", async () => {
    const ids = Array.from({ length: 30 * 50 }, (_, i) => `user-${i}`);
    const result = await runBin(
      [
        "set",
        "--group",
        "g1",
        "--state",
        "subscribed",
        "--input",
        "-",
        "--type",
        "external_id",
        "--rate-limit",
        `${LIMIT}/1s`,
        "--share",
        "0.6",
        "--json",
      ],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url }, stdin: `${ids.join("\n")}\n` },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: ids.length, requests: 30 });
    // Writes only: the preflight read draws on the read budget, not this one.
    const writes = fake.requests.filter((r) => r.method === "POST");
    expect(writes.every((r) => r.status === 201)).toBe(true);
    expect(
      busiestWindow(
        writes.map((r) => r.time),
        INTERVAL_MS,
      ),
    ).toBeLessThanOrEqual(0.6 * LIMIT);
    expect(fake.core.foreignTraffic.refused).toBe(0);
  });

  it("refuses a share outside (0, 1] with exit code 2", async () => {
    const result = await runBin(
      ["set", "--group", "g1", "--state", "subscribed", "--input", "-", "--share", "1.5"],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url }, stdin: "" },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--share must be a number above 0 and at most 1");
  });
});
