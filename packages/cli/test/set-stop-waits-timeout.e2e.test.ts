import type { ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// README (Timeouts; What can go wrong): on Ctrl-C / SIGTERM, `set` awaits the answers of
// requests already on the wire for at most `--timeout`. The server here takes every write
// and never answers it: a stop that waited for the answer itself would never end (the test
// would time out); bounded by --timeout, the run ends with its report and exit 130/143.

const KEY = "stop-waits-timeout-key-4f1a";

const servers = closedAfterAll();
const temp = useTempDir();
let input: string;
beforeAll(async () => {
  input = temp.path("in.csv");
  await writeFile(input, "email\nann@example.com\nbob@example.com\n");
});

/** A server that never answers a write, and calls `onWrite` when one arrives. */
async function silentServer(onWrite: () => void): Promise<{ url: string; writes: () => number }> {
  let writes = 0;
  const server = createServer((req) => {
    req.resume();
    if (req.method === "POST") {
      writes += 1;
      onWrite();
    }
  });
  servers.keep(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    writes: () => writes,
  };
}

describe("a stop waits for the answers on the wire at most --timeout", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s with a write Braze never answers: the run still ends (exit %i), its rows reported",
    async (signal, code) => {
      let child: ChildProcess | undefined;
      const server = await silentServer(() => child?.kill(signal));
      const report = temp.path(`${signal}.report.ndjson`);
      const result = await runBin(
        [
          "set",
          ...["--group", "g-stop", "--state", "unsubscribed", "--input", input],
          ...["--base-url", server.url, "--report", report, "--timeout", "1s"],
          ...["--no-preflight", "--json", "--quiet"],
        ],
        {
          env: { BRAZE_API_KEY: KEY },
          onSpawn: (spawned) => {
            child = spawned;
          },
        },
      );
      expect(result.signal).toBeNull();
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(`${signal}: stopping`);
      // One write, never retried once stopped; its rows are failed, aborted (the wait gave up),
      // never a success.
      expect(server.writes()).toBe(1);
      const lines = await readNdjson<ReportLine>(report);
      expect(lines.map((line) => line.line).sort()).toEqual([2, 3]);
      expect(lines.map((line) => [line.outcome, line.error?.code])).toEqual([
        ["failed", "aborted"],
        ["failed", "aborted"],
      ]);
    },
  );
});
