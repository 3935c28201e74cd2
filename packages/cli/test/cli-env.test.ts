import { writeFileSync } from "node:fs";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "./support/run-in-process.js";
import { useTempDir } from "./support/temp-dir.js";

const IO_KEY = "io-env-key-5e4d3c2b1a";
const PROCESS_KEY = "process-env-key-0a1b2c3d";

describe("the CLI reads the environment only through io.env", () => {
  const temp = useTempDir();
  let fake: BrazeFake;
  const saved = { ...process.env };
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [IO_KEY], rateLimit: false });
    fake.state.set("news", { email: "ann@example.com" }, "subscribed");
    writeFileSync(temp.path("in.csv"), "email\nann@example.com\n");
  });
  afterEach(() => {
    for (const name of ["BRAZE_API_KEY", "BRAZE_REDIS_URL"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("uses BRAZE_API_KEY from io.env, not the one only in process.env", async () => {
    process.env.BRAZE_API_KEY = PROCESS_KEY;
    const used = await runInProcess(["status", "ann@example.com"], {
      BRAZE_API_KEY: IO_KEY,
      BRAZE_REST_URL: fake.url,
    });
    // The fake accepts only IO_KEY: process.env's key would be answered 401 (exit 3).
    expect(used.code).toBe(0);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/subscription/user/status", status: 200 });

    const missing = await runInProcess(["status", "ann@example.com"], { BRAZE_REST_URL: fake.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing API key: pass --api-key or set BRAZE_API_KEY/);
    expect(missing.stderr).not.toContain(PROCESS_KEY);
  });

  it("checks BRAZE_REDIS_URL from io.env, and ignores one only in process.env", async () => {
    process.env.BRAZE_REDIS_URL = "not-a-redis-url";
    const args = ["set", "--group", "news", "--state", "unsubscribed", "--dry-run", "--quiet"];
    const input = ["--input", temp.path("in.csv"), "--base-url", fake.url];
    const ignored = await runInProcess([...args, ...input], {});
    expect(ignored.stderr).toBe("");
    expect(ignored.code).toBe(0);

    const checked = await runInProcess([...args, ...input], { BRAZE_REDIS_URL: "not-a-redis-url" });
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/BRAZE_REDIS_URL\) must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
