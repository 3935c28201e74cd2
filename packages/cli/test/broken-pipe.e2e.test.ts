import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { BIN, runBin } from "./support/run-bin.js";

// A reader that goes away (`… --help | head -1`, a pager quit early) closes the pipe under the
// bin: its writes then fail with EPIPE, which used to crash it with a stack trace (exit 1).

describe("output into a closed pipe", () => {
  it("--help into a closed stdout exits 0 with nothing on stderr", async () => {
    const result = await runBin(["set", "--help"], {
      // The parent closes its reading end before the child has started: every write fails.
      onSpawn: (child) => child.stdout?.destroy(),
    });
    expect(result.stderr).toBe("");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(ExitCode.ok);
  });

  it("a usage error into a closed stderr keeps its exit code (2), no crash", async () => {
    const result = await runBin(["set", "--group", "g"], {
      onSpawn: (child) => child.stderr?.destroy(),
    });
    expect(result.stdout).toBe("");
    expect(result.code).toBe(ExitCode.usage);
  });

  it("`set --help | head -1` in a shell prints the usage line and no error", () => {
    const shell = spawnSync(
      "bash",
      ["-o", "pipefail", "-c", `"${process.execPath}" "${BIN}" set --help | head -1`],
      { encoding: "utf8" },
    );
    expect(shell.stdout).toBe("Usage: braze-subscriptions set [options]\n");
    expect(shell.stderr).toBe("");
    expect(shell.status).toBe(0);
  });

  it("stdout on a full disk (/dev/full): one line on stderr and no exit 0, not a stack trace", () => {
    // It used to crash with an unhandled ENOSPC and its stack trace (exit 1).
    const full = openSync("/dev/full", "w");
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
      });
    try {
      const version = run(["--version"]);
      expect(version.stderr).toBe(
        "braze-subscriptions: cannot write to stdout: no space left on device\n",
      );
      expect(version.status).toBe(ExitCode.usage);
      // A command that failed keeps its own code, which says more.
      const invalid = run(["validate", "-", "--json"]);
      expect(invalid.stderr).toMatch(/^braze-subscriptions: cannot write to stdout: .*\n$/);
      expect(invalid.status).toBe(ExitCode.incomplete);
    } finally {
      closeSync(full);
    }
  });
});
