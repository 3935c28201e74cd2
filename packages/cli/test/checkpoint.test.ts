import { appendFile, readFile, writeFile } from "node:fs/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { Checkpoint } from "../src/checkpoint/checkpoint-file.js";
import type { JobIdentity } from "../src/checkpoint/job-identity.js";
import { LineSet, toRanges } from "../src/checkpoint/line-set.js";
import { useTempDir } from "./support/temp-dir.js";

const job: JobIdentity = {
  input: { path: "/data/list.csv", size: 1234, mtimeMs: 1_700_000_000_000 },
  subscriptionGroupId: "g",
  state: "unsubscribed",
  type: "email",
  column: "email",
  doubleOptIn: false,
  target: "instance:EU-01",
};

/** An input of 100 lines, and no file to keep apart from. */
const limits = { maxLine: 100, protect: [] };

describe("Checkpoint", () => {
  const temp = useTempDir({ perTest: true });
  let path: string;
  beforeEach(() => {
    path = temp.path("job.checkpoint");
  });

  it("records succeeded lines as ranges and reloads them for the same job", async () => {
    const first = await Checkpoint.open(path, job, limits);
    first.record([2, 3, 4, 10]);
    first.record([5, 11]);
    await first.close();
    const again = await Checkpoint.open(path, job, limits);
    expect([2, 3, 4, 5, 10, 11].every((line) => again.done.has(line))).toBe(true);
    expect(again.done.has(6)).toBe(false);
    expect(again.done.size).toBe(6);
    await again.close();
  });

  it("counts the requests whose successes are not durable yet, down to 0 once synced", async () => {
    // What a SIGKILL would lose (and the rerun resend): `set` stops taking results while
    // it reaches the runtime's concurrency, which bounds the resend whatever the disk does.
    const checkpoint = await Checkpoint.open(path, job, limits);
    checkpoint.record([2, 3]);
    checkpoint.record([]);
    checkpoint.record([4]);
    checkpoint.record([5, 6, 7]);
    expect(checkpoint.unsynced).toBe(3);
    await checkpoint.flush();
    expect(checkpoint.unsynced).toBe(0);
    checkpoint.record([8]);
    expect(checkpoint.unsynced).toBe(1);
    await checkpoint.close();
    expect(checkpoint.unsynced).toBe(0);
  });

  it("flushSync puts what is recorded on disk at once (a second Ctrl-C exits right after)", async () => {
    const checkpoint = await Checkpoint.open(path, job, limits);
    checkpoint.record([2, 3]);
    checkpoint.flushSync();
    // Read before any background write had a turn: the sync one is already there.
    const text = await readFile(path, "utf8");
    expect(text).toContain('{"succeeded":[[2,3]]}');
    await checkpoint.close();
    const again = await Checkpoint.open(path, job, limits);
    expect(again.done.has(2) && again.done.has(3)).toBe(true);
    await again.close();
  });

  it("ignores and truncates a torn last line (a crash mid-write), keeping what was whole", async () => {
    const first = await Checkpoint.open(path, job, limits);
    first.record([2, 3]);
    await first.close();
    await appendFile(path, '{"succeeded":[[4,');
    const again = await Checkpoint.open(path, job, limits);
    expect(again.done.size).toBe(2);
    again.record([4]);
    await again.close();
    const text = await readFile(path, "utf8");
    expect(
      text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toHaveLength(3);
    const reopened = await Checkpoint.open(path, job, limits);
    expect(reopened.done.size).toBe(3);
    await reopened.close();
  });

  it.each([
    ["group", { subscriptionGroupId: "other" }, /subscription group: "g" then, "other" now/],
    ["input file", { input: { ...job.input, size: 99 } }, /input size: 1234 then, 99 now/],
    ["target", { target: "instance:US-01" }, /target/],
    [
      "input content, path, size and time the same",
      { input: { ...job.input, sha256: "b".repeat(64) } },
      /input content \(SHA-256\): "a{64}" then, "b{64}" now/,
    ],
  ])("refuses a checkpoint of another job (%s)", async (_name, change, message) => {
    const hashed = { ...job, input: { ...job.input, sha256: "a".repeat(64) } };
    await (await Checkpoint.open(path, hashed, limits)).close();
    await expect(Checkpoint.open(path, { ...hashed, ...change }, limits)).rejects.toThrow(message);
  });

  it("resumes a checkpoint written before the input's hash was kept, by path, size and time", async () => {
    const first = await Checkpoint.open(path, job, limits);
    first.record([2, 3]);
    await first.close();
    const hashed = { ...job, input: { ...job.input, sha256: "a".repeat(64) } };
    const again = await Checkpoint.open(path, hashed, limits);
    expect(again.done.size).toBe(2);
    await again.close();
  });

  it("refuses a file that is not a checkpoint, or is corrupt before its last line", async () => {
    await writeFile(path, "email\na@example.com\n");
    await expect(Checkpoint.open(path, job, limits)).rejects.toThrow(
      /is not a braze-subscriptions checkpoint/,
    );
    await writeFile(
      path,
      `${JSON.stringify({ format: "braze-subscriptions/set-checkpoint", version: 1, job })}\nnot json\n{"succeeded":[[2,2]]}\n`,
    );
    await expect(Checkpoint.open(path, job, limits)).rejects.toThrow(/corrupt at line 2/);
  });

  it("refuses a range outside the input's lines, and stops reading a line longer than any checkpoint of the input", async () => {
    const header = `${JSON.stringify({ format: "braze-subscriptions/set-checkpoint", version: 1, job })}\n`;
    await writeFile(path, `${header}{"succeeded":[[2,101]]}\n`);
    await expect(Checkpoint.open(path, job, limits)).rejects.toThrow(/corrupt at line 2/);
    await writeFile(path, `${header}{"succeeded":[[0,3]]}\n`);
    await expect(Checkpoint.open(path, job, limits)).rejects.toThrow(/corrupt at line 2/);
    // 64 MiB without a newline: refused after reading a few KiB (100 lines as ranges fit in 1 KiB).
    await writeFile(path, header);
    await appendFile(path, Buffer.alloc(64 * 1024 * 1024, 0x31));
    const before = process.memoryUsage().rss;
    await expect(Checkpoint.open(path, job, limits)).rejects.toThrow(
      /corrupt at line 2 \(longer than any checkpoint of this input can be\)/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
  });

  it("stores no identifier, only line numbers and the job", async () => {
    const checkpoint = await Checkpoint.open(path, job, limits);
    checkpoint.record([7]);
    await checkpoint.close();
    const lines = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { format: "braze-subscriptions/set-checkpoint", version: 1, job },
      { succeeded: [[7, 7]] },
    ]);
  });
});

describe("LineSet and toRanges", () => {
  it("compresses lines into sorted inclusive ranges", () => {
    expect(toRanges([9, 2, 3, 4, 7, 8, 3])).toEqual([
      [2, 4],
      [7, 9],
    ]);
    expect(toRanges([])).toEqual([]);
  });

  it("holds ten million lines in about 1.25 MB of bits", () => {
    const set = new LineSet();
    set.addRange(1, 10_000_000);
    expect(set.size).toBe(10_000_000);
    expect(set.has(10_000_000)).toBe(true);
    expect(set.has(10_000_001)).toBe(false);
  });
});
