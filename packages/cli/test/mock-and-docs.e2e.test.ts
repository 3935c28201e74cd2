import { mkdir, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin, startBin } from "./support/run-bin.js";
import { tempDir } from "./support/temp-dir.js";

describe("long-running commands print a URL that answers, and stop on a signal", () => {
  it("mock: the fake answers POST /subscription/status/set and applies its rate limit", async () => {
    const { child, firstLine, exited } = await startBin([
      "mock",
      "--port",
      "0",
      "--rate-limit",
      "2/1m",
      "--api-key",
      "mock-key-123456",
    ]);
    try {
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const send = () =>
        fetch(`${firstLine}/subscription/status/set`, {
          method: "POST",
          headers: { Authorization: "Bearer mock-key-123456", "Content-Type": "application/json" },
          body: JSON.stringify({
            subscription_group_id: "g",
            subscription_state: "subscribed",
            email: "a@example.com",
          }),
        });
      const first = await send();
      expect(first.status).toBe(201);
      expect(await first.json()).toEqual({ message: "success" });
      await send();
      expect((await send()).status).toBe(429);
    } finally {
      child.kill("SIGINT");
    }
    const result = await exited;
    expect(result.code).toBe(0);
  });

  it.each(["mock", "docs"])(
    "%s: SIGTERM or SIGINT as soon as the URL is printed stops it, exit 0 (it died of the signal)",
    async (command) => {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const { child, firstLine, exited } = await startBin([command, "--port", "0"]);
        expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
        child.kill(signal);
        const result = await exited;
        expect({ signal, result: result.signal, code: result.code }).toEqual({
          signal,
          result: null,
          code: 0,
        });
        expect(result.stderr).toContain(`; Ctrl-C to stop`);
      }
    },
  );

  it("mock: a bad --faults value is a usage error", async () => {
    await expect(startBin(["mock", "--faults", "boom=2"])).rejects.toThrow(
      /exited early \(2\).*--faults expects/,
    );
  });

  it("docs: serves the rendered HTML", async () => {
    const { child, firstLine, exited } = await startBin(["docs", "--port", "0"]);
    try {
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
      const response = await fetch(firstLine);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      expect(await response.text()).toMatch(/subscription\/status\/set/);
    } finally {
      child.kill("SIGTERM");
    }
    expect((await exited).code).toBe(0);
  });
});

describe("a port in use", () => {
  it("mock and docs: exit 2, one line naming the port and what to give instead", async () => {
    // They used to end with "listen EADDRINUSE …" and no word of what to type next.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = String((holder.address() as AddressInfo).port);
    try {
      for (const command of ["mock", "docs"]) {
        const result = await runBin([command, "--port", port]);
        expect(result.stdout).toBe("");
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expect(result.stderr).toMatch(
          new RegExp(
            `127\\.0\\.0\\.1:${port}.*EADDRINUSE.*give another --port, or --port 0 for a free one`,
          ),
        );
        expect(result.code).toBe(2);
      }
    } finally {
      holder.close();
    }
  });
});

describe("demo", () => {
  it("runs set against the fake on generated addresses and checks the fake against the report", async () => {
    const result = await runBin(["demo", "--rows", "5000"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sped up 4× for the demo/);
    // It said "1% of requests get a 503, 0.5% a reset" of a fake started without faults.
    expect(result.stdout).toMatch(/fake {4}http:\/\/127\.0\.0\.1:\d+ \(the local Braze fake\)\n/);
    expect(result.stdout).toMatch(/succeeded\s+4,900/);
    expect(result.stdout).toMatch(
      /5,000 lines \(4,900 succeeded, 50 invalid, 50 duplicate, 0 failed\)/,
    );
    expect(result.stdout).toMatch(/matches the report/);
    // The demo ends with a verify of the job against the fake (writes shown 2 s late).
    expect(result.stdout).toMatch(/\$ braze-subscriptions verify .*--from-report .*--settle/);
    expect(result.stdout).toMatch(/verify: every line of .*report\.ndjson is unsubscribed/);
    expect(result.stdout).toMatch(/API docs: .*index\.html/);
  });

  it("Ctrl-C during its set stops the demo: exit 130, no check, no verify", async () => {
    // It went on to "DOES NOT match the report" and a verify settling for 30 s, then exit 1.
    const started = { at: 0 };
    const result = await runBin(["demo", "--rows", "100000"], {
      onSpawn: (child) => {
        let stderr = "";
        child.stderr?.on("data", (chunk: string) => {
          stderr += chunk;
          if (started.at === 0 && stderr.includes("progress:")) {
            started.at = Date.now();
            child.kill("SIGINT");
          }
        });
      },
    });
    expect(started.at).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/Stopped by SIGINT/);
    expect(result.stdout).toMatch(
      /\nDemo stopped by SIGINT; the report so far: .*report\.ndjson\n$/,
    );
    expect(result.stdout).not.toMatch(/braze-subscriptions verify|DOES NOT match/);
    expect(result.code).toBe(130);
    expect(Date.now() - started.at).toBeLessThan(10_000);
  });

  it("SIGTERM during its set stops the demo: exit 143, no check, no verify", async () => {
    let signalled = false;
    const result = await runBin(["demo", "--rows", "100000"], {
      onSpawn: (child) => {
        let stderr = "";
        child.stderr?.on("data", (chunk: string) => {
          stderr += chunk;
          if (!signalled && stderr.includes("progress:")) {
            signalled = true;
            child.kill("SIGTERM");
          }
        });
      },
    });
    expect(signalled).toBe(true);
    expect(result.stdout).toMatch(
      /\nDemo stopped by SIGTERM; the report so far: .*report\.ndjson\n$/,
    );
    expect(result.stdout).not.toMatch(/braze-subscriptions verify|DOES NOT match/);
    expect(result.code).toBe(143);
  });

  it("a --dir it cannot use is a usage error naming it, not an unexpected one", async () => {
    // A file as --dir was "unexpected error: EEXIST: file already exists, mkdir …", exit 1.
    const temp = await tempDir();
    try {
      const file = join(temp.dir, "a-file");
      await writeFile(file, "x");
      const result = await runBin(["demo", "--rows", "10", "--dir", file]);
      expect(result.stderr).toBe(
        `braze-subscriptions: --dir ${file}: cannot use it: it exists and is not a directory\n`,
      );
      expect(result.code).toBe(2);
      const taken = join(temp.dir, "taken");
      await mkdir(join(taken, "addresses.csv"), { recursive: true });
      const input = await runBin(["demo", "--rows", "10", "--dir", taken]);
      expect(input.stderr).toMatch(
        /cannot write the demo's input .*addresses\.csv: is a directory\n$/,
      );
      expect(input.code).toBe(2);
      // Nested, missing parents are made as `mkdir -p` does.
      const nested = join(temp.dir, "a", "b", "c");
      const made = await runBin(["demo", "--rows", "10", "--dir", nested]);
      expect(made.code).toBe(0);
      expect((await stat(join(nested, "report.ndjson"))).isFile()).toBe(true);
    } finally {
      await temp.cleanup();
    }
  });

  it("a --dir under /proc is a usage error at once (Node's recursive mkdir never returned)", async () => {
    // `timeout`: the old hang ends as exit 124, not as the test's own timeout.
    const result = await runBin(["demo", "--rows", "10", "--dir", "/proc/braze-demo/x"], {
      prefix: ["timeout", "20"],
    });
    expect(result.stderr).toMatch(
      /^braze-subscriptions: --dir \/proc\/braze-demo\/x: cannot use it: .*no such file or directory/i,
    );
    expect(result.code).toBe(2);
  });
});
