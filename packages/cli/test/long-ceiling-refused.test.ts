import { writeFileSync } from "node:fs";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runInProcess } from "./support/run-in-process.js";
import { useTempDir } from "./support/temp-dir.js";

// A `--rate-limit` over a longer window than the spec's is held by the limiter's log alone,
// which keeps the last 100,000 grants: a larger count (`200000/1h` against Braze's minute)
// was never reached and the job took what the server allowed. It is a usage error now, before
// anything is sent.

const API_KEY = "long-ceiling-refused-key";

const run = (argv: string[]) => runInProcess(argv, {});

const temp = useTempDir();
let fake: BrazeFake;
beforeAll(async () => {
  fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
  writeFileSync(temp.path("in.csv"), "email\nann@example.com\n");
});
afterAll(async () => {
  await fake?.close();
});

it("refuses a --rate-limit over a longer window whose count the limiter cannot hold", async () => {
  const target = ["--api-key", API_KEY, "--base-url", fake.url];
  const set = ["set", "--group", "news", "--state", "unsubscribed", "--input", temp.path("in.csv")];
  const refused = await run([...set, ...target, "--rate-limit", "200000/1h", "--quiet"]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/"rateLimit.limit" must make share × limit at most 100000/);
  // The reads' bucket (verify) the same, over a longer window than the read's.
  const verify = [
    "verify",
    "--group",
    "news",
    "--state",
    "unsubscribed",
    "--input",
    temp.path("in.csv"),
  ];
  const reads = await run([...verify, ...target, "--rate-limit", "200000/2h", "--quiet"]);
  expect(reads.code).toBe(2);
  expect(reads.stderr).toMatch(/"readRateLimit.limit" must make share × limit at most 100000/);
  expect(fake.requests).toHaveLength(0);
  // What the log holds runs (halved by --share, the same count is held).
  const held = await run([
    ...set,
    ...target,
    "--rate-limit",
    "200000/1h",
    "--share",
    "0.5",
    "--quiet",
  ]);
  expect(held.stderr).toBe("");
  expect(held.code).toBe(0);
  expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
});
