import type { ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, type RequestLogEntry, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busiestWindow } from "./support/busiest-window.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// Two jobs share one Redis budget; the first is SIGKILLed (an OOM kill, a lost machine) with
// its requests in flight. Its grants are never answered: they counted as in flight for good,
// and the second job, capped below them (`--share 0.5` of `--rate-limit 10/1s`: 5 a second),
// never sent a request (a review's run: still waiting after minutes). Each grant now has a
// lease of twice the request timeout, after which it counts as answered.

const KEY = "killed-process-key-3d9a7e";
const PASSWORD = "killed-process-redis-pw-61c2";
const INTERVAL_MS = 1000;
const TOLD = 10;
/** The second job's share of TOLD. */
const SHARE = 0.5;
/** Each answer comes this late: the first job's requests are in flight when it is killed. */
const LATENCY_MS = 800;
/** Longer than the second job takes with leases (≈ 10 s on a loaded machine); before: forever. */
const GIVE_UP_MS = 45_000;

describe("set --redis-url, another job SIGKILLed with requests in flight", () => {
  let fake: BrazeFake;
  let redis: RedisServer;
  const temp = useTempDir();
  let killAt = 0;
  let first: ChildProcess | undefined;
  const firstArrivals: number[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    fake = await startBrazeFake({
      apiKeys: [KEY],
      rateLimit: { limit: 4 * TOLD, intervalMs: INTERVAL_MS, window: "fixed" },
      latencyMs: LATENCY_MS,
      // Kill the first job as its first full burst arrives (all of it in flight for 800 ms).
      onRequest: (entry) => {
        if (!isWriteOf(entry, "first")) return;
        firstArrivals.push(entry.time);
        if (firstArrivals.length === TOLD && first) {
          killAt = Date.now();
          first.kill("SIGKILL");
        }
      },
    });
  });
  afterAll(async () => {
    first?.kill("SIGKILL");
    await fake?.close();
    await redis?.stop();
  });

  async function input(name: string, requests: number): Promise<string> {
    const path = temp.path(`${name}.txt`);
    const ids = Array.from({ length: requests * 50 }, (_, i) => `${name}-user-${i}`);
    await writeFile(path, `${ids.join("\n")}\n`);
    return path;
  }

  const set = (inputFile: string, extra: string[], onSpawn?: (child: ChildProcess) => void) =>
    runBin(
      [
        ...["set", "--group", "g1", "--state", "unsubscribed", "--input", inputFile],
        ...["--type", "external_id", "--rate-limit", `${TOLD}/1s`, "--timeout", "1s"],
        ...["--redis-url", `redis://:${PASSWORD}@127.0.0.1:${redis.port}`, "--json", "--quiet"],
        ...extra,
      ],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url }, ...(onSpawn ? { onSpawn } : {}) },
    );

  it("lets the other job go on within the ceiling once the dead grants' lease ends", async () => {
    const killed = await set(await input("first", 40), [], (child) => {
      first = child;
    });
    expect(killed.signal).toBe("SIGKILL");
    // The precondition: at least the second job's cap was in flight (unanswered) at the kill.
    const inFlight = firstArrivals.filter((t) => t > killAt - LATENCY_MS).length;
    expect(inFlight).toBeGreaterThanOrEqual(SHARE * TOLD);

    const report = temp.path("second.ndjson");
    let stuck = false;
    const second = await set(
      await input("second", 6),
      ["--share", String(SHARE), "--report", report],
      (child) => {
        setTimeout(() => {
          stuck = child.exitCode === null;
          child.kill("SIGKILL");
        }, GIVE_UP_MS).unref();
      },
    );
    expect(stuck, "the second job still waiting for the dead job's grants").toBe(false);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ succeeded: 300, requests: 6 });
    const lines = (await readFile(report, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(300);

    const writes = fake.requests.filter((r) => r.method === "POST");
    expect(writes.every((r) => r.status === 201)).toBe(true);
    // The ceiling held for both jobs together, the share for the second.
    const times = (name: string) => writes.filter((r) => isWriteOf(r, name)).map((r) => r.time);
    expect(busiestWindow([...times("first"), ...times("second")], INTERVAL_MS)).toBeLessThanOrEqual(
      TOLD,
    );
    expect(busiestWindow(times("second"), INTERVAL_MS)).toBeLessThanOrEqual(SHARE * TOLD);
    for (const text of [second.stdout, second.stderr, killed.stdout, killed.stderr]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(PASSWORD);
    }
  }, 90_000);
});

function isWriteOf(entry: RequestLogEntry, name: string): boolean {
  return entry.method === "POST" && JSON.stringify(entry.body ?? "").includes(`"${name}-user-`);
}
