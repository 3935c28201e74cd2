import type { ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";
import { until } from "./support/until.js";

// The README (verify): "Ctrl-C / SIGTERM stops reading … and it exits 130/143 however well
// those lines match. A second signal writes the report's lines so far and quits at once."
// verify-interrupted.e2e.test.ts checks one SIGINT; this is SIGTERM, then SIGTERM again.

const KEY = "verify-sigterm-key-6d2c";
// Slow reads: the first signal has reads on the wire to wait for.
const job = useFakeJob(KEY, { latencyMs: 1500 });

it("SIGTERM, then SIGTERM again: exit 143, the report holds the lines decided, as whole lines", async () => {
  const input = join(job.dir, "list.csv");
  const ids = Array.from({ length: 2_000 }, (_, i) => `term-${i}@example.com`);
  await writeFile(input, `email\n${ids.join("\n")}\n`);
  // Every address landed: the lines read match, which must not make the run exit 0.
  for (const email of ids) job.fake.state.set("g-term", { email }, "unsubscribed");
  const report = join(job.dir, "list.verify.ndjson");
  let child: ChildProcess | undefined;
  let stderr = "";
  const run = runBin(
    [
      ...["verify", "--group", "g-term", "--state", "unsubscribed", "--input", input],
      ...["--report", report, "--concurrency", "2", "--progress-interval", "100ms"],
    ],
    {
      env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: job.fake.url },
      onSpawn: (c) => {
        child = c;
        c.stderr?.on("data", (chunk: string) => {
          stderr += chunk;
        });
      },
    },
  );
  await until("lines read", () => /progress: [1-9]\d*\/2000 lines/.test(stderr));
  const sent = job.fake.requests.length;
  await until("a read on the wire", () => job.fake.requests.length > sent);
  child?.kill("SIGTERM");
  await until("the stop line", () => /SIGTERM: stopping/.test(stderr));
  child?.kill("SIGTERM");
  const result = await run;
  expect(result.code).toBe(ExitCode.terminated);
  const decided = /SIGTERM again: quitting at once; the report holds the (\d+) lines/.exec(
    result.stderr,
  );
  expect(decided, result.stderr).not.toBeNull();
  const text = await readFile(report, "utf8");
  expect(text === "" || text.endsWith("\n")).toBe(true);
  const lines = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { line: number; outcome: string });
  expect(lines).toHaveLength(Number(decided?.[1]));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThan(2_000);
  expect(lines.every((line) => line.outcome === "matches")).toBe(true);
});
