import { Readable } from "node:stream";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEEK_RECORDS } from "../src/start/preflight-start.js";
import { runInProcess } from "./support/run-in-process.js";

// README (Logging, Exit codes): `BRAZE_SUBSCRIPTIONS_DEBUG=1` adds the stack to an unexpected
// error (exit 1), and the API key never appears. An unexpected error is one no input
// explains; here stdin breaks in the middle of the job (a read error nothing in the CLI
// anticipates), given in-process through `io.stdin` as an embedder would. Its message holds
// the key, so the stack printed must have it masked. Until 5 December 2026 `set` and `verify`
// wrapped such an error in a `CliError` of exit 1, and a `CliError` never got its stack:
// the variable did nothing for the two commands that run jobs.

const KEY = "debug-stack-key-7f3e2d1c";
const GROUP = "g-debug-stack";

/**
 * Stdin that gives a header and more rows than the preflight reads ahead (so the job has
 * started), then fails with an error naming the key.
 */
function breakingStdin(): Readable {
  let reads = 0;
  const rows = Array.from({ length: 2 * PEEK_RECORDS }, (_, i) => `p${i}@example.com`);
  return new Readable({
    read() {
      reads += 1;
      if (reads === 1) this.push(`email\n${rows.join("\n")}\n`);
      else this.destroy(new Error(`stdin broke (${KEY})`));
    },
  });
}

/** Runs the CLI in-process on {@link breakingStdin}. */
const run = (argv: string[], env: Record<string, string>) =>
  runInProcess(argv, env, breakingStdin());

describe("BRAZE_SUBSCRIPTIONS_DEBUG=1 and an unexpected error (exit 1)", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const commands: [string, string[]][] = [
    ["set", ["set", "--group", GROUP, "--state", "unsubscribed", "--input", "-", "--quiet"]],
    [
      "set --dry-run",
      ["set", "--group", GROUP, "--state", "subscribed", "--input", "-", "--dry-run", "--quiet"],
    ],
    ["verify", ["verify", "--group", GROUP, "--state", "unsubscribed", "--input", "-", "--quiet"]],
  ];

  it.each(commands)(
    "%s: one line without it; with it, the stack too, the key masked in both",
    async (_, argv) => {
      const env = { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url };
      const plain = await run(argv, env);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toMatch(
        /^braze-subscriptions: unexpected error: stdin broke \(\[redacted\]\)\n$/,
      );

      const debug = await run(argv, { ...env, BRAZE_SUBSCRIPTIONS_DEBUG: "1" });
      expect(debug.code).toBe(1);
      const [first, ...stack] = debug.stderr.trimEnd().split("\n");
      expect(first).toBe("braze-subscriptions: unexpected error: stdin broke ([redacted])");
      // The stack of the error itself: its name and message, then where it was thrown.
      expect(stack[0]).toBe("Error: stdin broke ([redacted])");
      expect(stack.slice(1).length).toBeGreaterThan(0);
      expect(stack.slice(1).every((line) => /^\s+at /.test(line))).toBe(true);
      expect(debug.stderr).not.toContain(KEY);
    },
  );
});
