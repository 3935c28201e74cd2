import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

// The README (checkpoint design): "--dry-run never reads nor writes the checkpoint". A dry run
// to check a list before the real run must neither create the checkpoint (the real run would
// then resume an empty job of it), nor lock it, nor refuse one of another job or a torn one.

const KEY = "dry-run-checkpoint-key-0d5e";
const job = useFakeJob(KEY);

it("--dry-run with --checkpoint: none created, none locked, another job's or a corrupt one left as it was", async () => {
  const input = join(job.dir, "list.csv");
  await writeFile(input, "email\na@example.com\nb@example.com\nnot-an-address\n");
  const dryRun = (checkpoint: string) =>
    runBin(
      [
        ...["set", "--group", "g-dry", "--state", "unsubscribed", "--input", input],
        ...["--checkpoint", checkpoint, "--dry-run", "--json", "--quiet"],
      ],
      { env: job.env() },
    );

  const fresh = join(job.dir, "fresh.checkpoint");
  const planned = await dryRun(fresh);
  expect(planned.stderr).toBe("");
  expect(planned.code).toBe(ExitCode.incomplete); // the invalid row
  expect(JSON.parse(planned.stdout)).toMatchObject({ dryRun: true, valid: 2, invalid: 1 });
  expect(existsSync(fresh)).toBe(false);
  expect(existsSync(`${fresh}.lock`)).toBe(false);

  // A checkpoint the real run would refuse (another job's), and one that is not a checkpoint.
  const other = join(job.dir, "other.checkpoint");
  const otherText = `${JSON.stringify({ format: "braze-subscriptions/set-checkpoint", version: 1, job: { input: { path: "/elsewhere.csv", size: 1, mtimeMs: 0 }, subscriptionGroupId: "another", state: "subscribed", type: "email", column: "email", doubleOptIn: false, target: "url:http://127.0.0.1:9" } })}\n`;
  await writeFile(other, otherText);
  const corrupt = join(job.dir, "corrupt.checkpoint");
  await writeFile(corrupt, "not a checkpoint\n");
  for (const [checkpoint, text] of [
    [other, otherText],
    [corrupt, "not a checkpoint\n"],
  ] as const) {
    const result = await dryRun(checkpoint);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(ExitCode.incomplete);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, valid: 2, invalid: 1 });
    expect(await readFile(checkpoint, "utf8")).toBe(text);
    expect(existsSync(`${checkpoint}.lock`)).toBe(false);
  }
  expect(job.fake.requests).toHaveLength(0);
});
