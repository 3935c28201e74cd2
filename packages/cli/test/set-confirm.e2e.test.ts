import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runInTerminal } from "./support/run-in-terminal.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "test-key-confirm-88a1";
const PROMPT = "Send? [y/N]";

describe("set on a terminal asks before sending", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let input: string;
  const args = (...extra: string[]) => [
    "set",
    ...["--group", "g-confirm", "--state", "subscribed", "--input", input],
    ...["--base-url", fake.url, "--progress-interval", "100000"],
    ...extra,
  ];

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
    input = temp.path("emails.csv");
    const rows = ["email", ...Array.from({ length: 120 }, (_, i) => `p${i}@example.com`)];
    await writeFile(input, `${rows.join("\n")}\n`);
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake?.close();
  });

  it("shows the block, and a 'n' sends nothing (exit 130), leaves no new checkpoint and an empty report", async () => {
    const checkpoint = temp.path("declined.checkpoint");
    const report = temp.path("declined.report.ndjson");
    await writeFile(report, "a line of an earlier run\n");
    const result = await runInTerminal(args("--checkpoint", checkpoint, "--report", report), {
      env: { BRAZE_API_KEY: KEY },
      prompt: PROMPT,
      answer: "n\r",
    });
    expect(result.output).toContain("About to set subscription states:");
    expect(result.output).toMatch(/rows\s+120 of email/);
    expect(result.output).toContain(PROMPT);
    expect(result.output).toContain("Cancelled: nothing was sent.");
    expect(result.code).toBe(130);
    // Only the preflight read (a GET) went out before the question; no write.
    expect(fake.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(existsSync(checkpoint)).toBe(false);
    // The report was opened (emptied) before the question, and nothing was decided after it.
    expect(await readFile(report, "utf8")).toBe("");
  });

  it("Ctrl-D (stdin closed at the question) declines too: exit 130, nothing sent", async () => {
    const result = await runInTerminal(args(), {
      env: { BRAZE_API_KEY: KEY },
      prompt: PROMPT,
      answer: "\u0004", // the terminal's end-of-file character
    });
    expect(result.output).toContain(PROMPT);
    expect(result.output).toContain("Cancelled: nothing was sent.");
    expect(result.code).toBe(130);
    expect(fake.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("a 'y' sends (exit 0)", async () => {
    const result = await runInTerminal(args(), {
      env: { BRAZE_API_KEY: KEY },
      prompt: PROMPT,
      answer: "y\r",
    });
    expect(result.output).toContain(PROMPT);
    expect(result.code).toBe(0);
    const writes = fake.requests.filter((r) => r.method === "POST");
    expect(writes.reduce((sum, r) => sum + r.identifierCount, 0)).toBe(120);
  });

  it("--yes skips the question", async () => {
    const result = await runInTerminal(args("--yes"), { env: { BRAZE_API_KEY: KEY } });
    expect(result.output).toContain("About to set subscription states:");
    expect(result.output).not.toContain(PROMPT);
    expect(result.code).toBe(0);
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
