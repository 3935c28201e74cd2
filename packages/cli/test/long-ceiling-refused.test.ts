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
  // In the flag's words, with the same promise over the spec's window to give instead.
  expect(refused.stderr).toContain(
    "--rate-limit 200000/3600s asks more than the 100,000 requests a budget over a window longer than the spec's (5000/60s) can be held to: give it per 60s instead (--rate-limit 3333/60s is at least as strict)",
  );
  // A dry run, which builds no runtime, refuses it too: it validates the command.
  const dryRun = await run([...set, "--dry-run", "--rate-limit", "200000/1h", "--quiet"]);
  expect(dryRun.code).toBe(2);
  expect(dryRun.stderr).toContain("--rate-limit 200000/3600s asks more than the 100,000");
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
  expect(reads.stderr).toContain(
    "--rate-limit 200000/7200s asks more than the 100,000 requests a budget over a window longer than the spec's (250000/3600s) can be held to: give it per 3600s instead (--rate-limit 100000/3600s is at least as strict)",
  );
  expect(fake.requests).toHaveLength(0);
  // Over the read's own window it is no long ceiling: what the set budget refuses, verify takes.
  const readHour = await run([...verify, ...target, "--rate-limit", "200000/30m", "--quiet"]);
  expect(readHour.stderr).not.toContain("asks more than");
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
