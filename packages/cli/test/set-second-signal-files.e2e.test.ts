import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { until } from "./support/until.js";

// The README: a second Ctrl-C quits at once, "the report and the checkpoint are written
// synchronously before exiting", and the checkpoint's lock "is removed when the run ends, also
// on a second Ctrl-C". set-redis-signals.e2e.test.ts checks the report; this checks that every
// success reported is in the checkpoint (the rerun sends none of them again) and no lock is left.

const KEY = "second-signal-key-5e9a";
// Slow answers: the first signal has a request on the wire to wait for.
const job = useFakeJob(KEY, { latencyMs: 1500 });

it("a second SIGINT: exit 130, no lock left, every success in the checkpoint, the rerun resends none", async () => {
  const input = join(job.dir, "list.csv");
  const ids = Array.from({ length: 400 }, (_, i) => `twice-${i}@example.com`);
  await writeFile(input, `email\n${ids.join("\n")}\n`);
  const report = join(job.dir, "list.report.ndjson");
  const checkpoint = join(job.dir, "list.checkpoint");
  const args = [
    ...["set", "--group", "g-twice", "--state", "unsubscribed", "--input", input],
    ...["--base-url", job.fake.url, "--report", report, "--checkpoint", checkpoint],
    ...["--concurrency", "4", "--progress-interval", "100ms", "--no-preflight", "--json"],
  ];
  let child: ChildProcess | undefined;
  let stderr = "";
  const run = runBin(args, {
    env: { BRAZE_API_KEY: KEY },
    onSpawn: (c) => {
      child = c;
      c.stderr?.on("data", (chunk: string) => {
        stderr += chunk;
      });
    },
  });
  // The first request (alone until one succeeded) answered, and more on the wire.
  await until("a first success", () => / [1-9]\d* succeeded/.test(stderr));
  const sent = job.fake.requests.length;
  await until("a request on the wire", () => job.fake.requests.length > sent);
  child?.kill("SIGINT");
  await until("the stop line", () => /SIGINT: stopping/.test(stderr));
  child?.kill("SIGINT");
  const result = await run;
  expect(result.code).toBe(ExitCode.interrupted);
  expect(result.stderr).toMatch(/SIGINT again: quitting at once; the report holds the \d+ rows/);
  expect(existsSync(`${checkpoint}.lock`)).toBe(false);

  const succeeded = (await readNdjson<ReportLine>(report))
    .filter((line) => line.outcome === "succeeded")
    .map((line) => line.line);
  expect(succeeded.length).toBeGreaterThan(0);
  const [, ...entries] = (await readFile(checkpoint, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { succeeded: [number, number][] });
  const checkpointed = new Set<number>();
  for (const { succeeded: ranges } of entries)
    for (const [from, to] of ranges) for (let l = from; l <= to; l++) checkpointed.add(l);
  expect(new Set(succeeded)).toEqual(checkpointed);

  // The rerun: none of the reported successes is sent again.
  const done = new Set(succeeded.map((line) => ids[line - 2]));
  const before = job.fake.requests.length;
  const rerun = await runBin(args, { env: { BRAZE_API_KEY: KEY } });
  expect(rerun.code).toBe(ExitCode.ok);
  const resent = job.fake.requests
    .slice(before)
    .flatMap((r) => ((r.body as { email?: string[] }).email ?? []) as string[])
    .filter((id) => done.has(id));
  expect(resent).toEqual([]);
  expect(JSON.parse(rerun.stdout)).toMatchObject({ total: 400, succeeded: 400 });
});
