import { spawnSync } from "node:child_process";
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
});
