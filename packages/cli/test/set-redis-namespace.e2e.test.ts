import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// The runtime keeps one budget per API key and base URL in a shared Redis; a workspace whose
// services use several keys names one budget for all of them with --redis-namespace.

const KEYS = ["namespace-key-a-1f2e3d4c", "namespace-key-b-5a6b7c8d"];

describe("set --redis-url --redis-namespace", () => {
  let fake: BrazeFake;
  let redis: RedisServer;
  const temp = useTempDir();
  let input: string;

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: KEYS, rateLimit: false });
    redis = await startRedisServer();
    input = temp.path("list.csv");
    await writeEmailCsv(input, 20);
  });
  afterAll(async () => {
    await fake?.close();
    await redis?.stop();
  });

  const set = (key: string, ...extra: string[]) =>
    runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--base-url", fake.url, "--redis-url", redis.url, "--json", "--quiet", ...extra],
      ],
      { env: { BRAZE_API_KEY: key } },
    );

  /** The namespaces of the budgets in Redis (`braze-subscriptions:limiter:${namespace}:…`). */
  async function namespaces(): Promise<Set<string>> {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("*");
      return new Set(keys.map((key) => key.split(":")[2] as string));
    } finally {
      client.disconnect();
    }
  }

  it("keeps one budget per API key by default, and one for every key given the same namespace", async () => {
    for (const key of KEYS) expect((await set(key)).code).toBe(3);
    const perKey = await namespaces();
    expect([...perKey].every((name) => name.startsWith("workspace-"))).toBe(true);
    expect(perKey.size).toBe(2);
    // The key itself is never written into Redis.
    for (const name of perKey) for (const key of KEYS) expect(name).not.toContain(key);

    for (const key of KEYS) expect((await set(key, "--redis-namespace", "acme")).code).toBe(3);
    const named = await namespaces();
    expect(named).toEqual(new Set([...perKey, "acme"]));
  });
});
