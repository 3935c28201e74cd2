import { operationMetadata } from "@braze-subscriptions/client";
import { freePort, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeError } from "../../src/errors/braze-error.js";
import {
  BrazeLimiterUnavailableError,
  createBrazeRuntime,
  type LimiterStore,
  type LimiterStoreUnavailableEvent,
  type PreflightCheck,
  type SystematicFailureEvent,
} from "../../src/index.js";
import {
  RedisLimiterRefusedError,
  RedisLimiterStore,
  RedisLimiterUnavailableError,
} from "../../src/redis/index.js";
import { endedAfterEach } from "./support/ended-after-each.js";
import { rejection } from "./support/rejection.js";

// Answers waiting will not change, from a real redis-server: a value another application wrote
// at a key of the bucket (WRONGTYPE), a user whose ACL refuses the scripts (NOPERM on EVALSHA,
// which PING does not meet), a password changed under a connected store (NOAUTH on
// reconnection), scripting disabled, a script error. Each fails the store's acquisition at
// once with RedisLimiterRefusedError naming the cause and the fix (never a password or the API
// key), and a job stops at once, every identifier with one outcome, none sent; before, each
// was retried for the whole retry budget (10 minutes by default).

const PASSWORD = "refusal-s3cret-pw-4d1a";
const API_KEY = "refusal-key-2b7e11c0d4f5";
const PREFIX = "braze-subscriptions:limiter:";
const WRITES = operationMetadata.setSubscriptionStatus.rateLimit.bucket;
const READS = operationMetadata.getSubscriptionStatus.rateLimit.bucket;
const rule = { limit: 10, intervalMs: 1000 };

const track = endedAfterEach();

/** Every text an error carries, to look for secrets in. */
function everything(error: unknown): string {
  const e = error as Error;
  return `${e.message} ${e.stack} ${JSON.stringify(e)} ${String(e.cause)} ${(e.cause as Error | undefined)?.stack}`;
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(API_KEY);
}

/** A password-protected Redis, an admin connection to it, and a store URL with the password. */
async function redisWithPassword(args?: string[]) {
  const server = track(await startRedisServer({ password: PASSWORD, ...(args ? { args } : {}) }));
  const admin = track(new Redis(`redis://:${PASSWORD}@127.0.0.1:${server.port}`));
  return { server, admin, url: `redis://:${PASSWORD}@127.0.0.1:${server.port}/0` };
}

/** The store, with every acquisition and check counted. */
function counted(store: RedisLimiterStore) {
  const calls = { acquire: 0, check: 0 };
  const wrapped: LimiterStore = {
    acquire: (key, r, options) => {
      calls.acquire++;
      return store.acquire(key, r, options);
    },
    observe: (key, r, observation) => store.observe(key, r, observation),
    pauseUntil: (key, until) => store.pauseUntil(key, until),
    check: (key) => {
      calls.check++;
      return store.check(key);
    },
  };
  return { calls, store: wrapped };
}

describe("a value of another type at a key of the bucket (WRONGTYPE)", () => {
  it.each([
    [
      "a string at the bucket's hash",
      "",
      (r: Redis, key: string) => r.set(key, "x"),
      "string",
      "hash",
    ],
    ["a list at its log", ":log", (r: Redis, key: string) => r.rpush(key, "x"), "list", "zset"],
  ])(
    "%s fails the acquisition at once, naming the key, its type and the fix, never the password",
    async (_name, suffix, write, type, expected) => {
      const { admin, url } = await redisWithPassword();
      const bucket = `${PREFIX}acme:${WRITES}`;
      await write(admin, bucket + suffix);
      const store = track(new RedisLimiterStore({ url, timeoutMs: 10_000 }));
      await store.ready();

      const error = await rejection(store.acquire(`acme:${WRITES}`, rule));
      expect(error).toBeInstanceOf(RedisLimiterRefusedError);
      // Still what code catching the store's failures catches.
      expect(error).toBeInstanceOf(RedisLimiterUnavailableError);
      expect(error).toBeInstanceOf(BrazeError);
      const refused = error as RedisLimiterRefusedError;
      expect(refused.name).toBe("RedisLimiterRefusedError");
      expect(refused).toMatchObject({ permanent: true, reason: "wrong_type", key: bucket });
      expect(refused.code).toBe("rate_limiter_unavailable");
      expect(refused.message).toContain(
        `the key "${bucket}${suffix}" holds a ${type} where this store keeps a ${expected}`,
      );
      expect(refused.message).toMatch(/another application probably uses this namespace/);
      expect(refused.message).toMatch(/--redis-namespace/);
      expect(refused.message).toMatch(/WRONGTYPE/);
      expect(JSON.parse(JSON.stringify(refused))).toMatchObject({
        name: "RedisLimiterRefusedError",
        reason: "wrong_type",
        permanent: true,
        key: bucket,
      });
      expectNoSecret(everything(refused));

      // The check before a job finds it too, and the foreign value is left as it was.
      await expect(store.check(`acme:${WRITES}`)).rejects.toThrow(
        `the key "${bucket}${suffix}" holds a ${type}`,
      );
      expect(await admin.type(bucket + suffix)).toBe(type);
    },
  );

  it('fails with onUnavailable: "local" too: the configuration is wrong, not Redis down', async () => {
    const { admin, url } = await redisWithPassword();
    await admin.set(`${PREFIX}acme:${WRITES}`, "x");
    const store = track(new RedisLimiterStore({ url, onUnavailable: "local" }));
    await store.ready();
    const error = await rejection(store.acquire(`acme:${WRITES}`, rule));
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    // A bucket without a foreign value is served by Redis as ever.
    await expect(store.acquire(`other:${WRITES}`, rule)).resolves.toMatchObject({
      source: "redis",
      waitMs: 0,
    });
  });

  it("check() resolves for a bucket in use, an unused one, and a Redis it cannot reach", async () => {
    const { url } = await redisWithPassword();
    const store = track(new RedisLimiterStore({ url }));
    await store.acquire(`acme:${WRITES}`, rule);
    await store.observe(`acme:${WRITES}`, rule, { ticket: 1, refused: false, remaining: 5 });
    await expect(store.check(`acme:${WRITES}`)).resolves.toBeUndefined();
    await expect(store.check(`unused:${WRITES}`)).resolves.toBeUndefined();
    const down = track(
      new RedisLimiterStore({ url: `redis://127.0.0.1:${await freePort()}`, timeoutMs: 200 }),
    );
    await expect(down.check(`acme:${WRITES}`)).resolves.toBeUndefined();
  });
});

describe("an ACL user that may not run scripts (NOPERM at command time)", () => {
  it("is ready (PING is allowed), then fails the first acquisition at once, saying what to grant", async () => {
    const { admin, server } = await redisWithPassword();
    await admin.acl(
      "SETUSER",
      "noscripts",
      "on",
      `>${PASSWORD}`,
      "~*",
      "+@all",
      "-evalsha",
      "-eval",
    );
    const store = track(
      new RedisLimiterStore({
        url: `redis://noscripts:${PASSWORD}@127.0.0.1:${server.port}`,
        timeoutMs: 10_000,
      }),
    );
    await store.ready();
    const error = await rejection(store.acquire(`acme:${WRITES}`, rule));
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    const refused = error as RedisLimiterRefusedError;
    expect(refused.reason).toBe("permission");
    expect(refused.message).toMatch(/NOPERM .*'evalsha'/);
    expect(refused.message).toContain(`ACL SETUSER <user> +evalsha +eval`);
    expect(refused.message).toContain(`~${PREFIX}*`);
    expectNoSecret(everything(refused));
  });

  it("the grant the message advises is enough", async () => {
    const { admin, server } = await redisWithPassword();
    const urlOf = (user: string) => `redis://${user}:${PASSWORD}@127.0.0.1:${server.port}`;
    await admin.acl("SETUSER", "nothing", "on", `>${PASSWORD}`, "+ping");
    const bare = track(new RedisLimiterStore({ url: urlOf("nothing") }));
    const refused = (await rejection(bare.acquire(`acme:${WRITES}`, rule))) as Error;
    const grant = /ACL SETUSER <user> (\S+(?: \S+)*) \(Redis answered/.exec(refused.message)?.[1];
    expect(grant).toBeDefined();

    await admin.acl("SETUSER", "granted", "on", `>${PASSWORD}`, ...(grant as string).split(" "));
    const store = track(new RedisLimiterStore({ url: urlOf("granted") }));
    await store.ready();
    await store.check(`acme:${WRITES}`);
    const { ticket } = await store.acquire(`acme:${WRITES}`, rule);
    await store.observe(`acme:${WRITES}`, rule, {
      ticket,
      refused: false,
      remaining: 3,
      limit: 10,
    });
    await store.pauseUntil(`acme:${WRITES}`, Date.now() + 10);
  });
});

describe("credentials refused on a connected store", () => {
  it("a password set while connected: the reconnection's NOAUTH fails acquisitions at once", async () => {
    const server = track(await startRedisServer());
    const admin = track(new Redis(server.url));
    const store = track(new RedisLimiterStore({ url: server.url, timeoutMs: 10_000 }));
    await store.acquire(`acme:${WRITES}`, rule);
    await admin.config("SET", "requirepass", PASSWORD);
    await admin.client("KILL", "TYPE", "normal", "SKIPME", "yes");
    // An acquisition sent before the store saw the connection close fails as a lost
    // connection does (that passes); the next ones meet the reconnection's refusal.
    let error: unknown;
    for (let attempt = 0; attempt < 20; attempt++) {
      error = await rejection(store.acquire(`acme:${WRITES}`, rule));
      if (error instanceof RedisLimiterRefusedError) break;
      expect((error as Error).message).not.toMatch(/no answer within/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    expect((error as RedisLimiterRefusedError).reason).toBe("credentials");
    expect((error as Error).message).toMatch(/Redis refused the credentials.*NOAUTH/);
    expect((error as Error).message).not.toMatch(/no answer within/);
    expectNoSecret(everything(error));
  });

  it("a script on the wire as the connection drops and the password changes fails at once, not at the deadline", async () => {
    const server = track(await startRedisServer());
    const admin = track(new Redis(server.url));
    const store = track(new RedisLimiterStore({ url: server.url, timeoutMs: 10_000 }));
    await store.acquire(`acme:${WRITES}`, rule);
    // Redis holds every script until unpaused: the acquisition's is sent and waits for its answer.
    await admin.client("PAUSE", "5000", "WRITE");
    const pending = rejection(store.acquire(`acme:${WRITES}`, rule));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await admin.config("SET", "requirepass", PASSWORD);
    await admin.client("KILL", "TYPE", "normal", "SKIPME", "yes");
    await admin.client("UNPAUSE");
    // ioredis keeps the unanswered script for the reconnection, which Redis refuses (NOAUTH):
    // the acquisition waited out its 10 s for a connection that could never come back.
    const error = await pending;
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    expect((error as RedisLimiterRefusedError).reason).toBe("credentials");
    expect((error as Error).message).not.toMatch(/no answer within/);
    expectNoSecret(everything(error));
  });

  it('a wrong password with onUnavailable: "local" fails instead of falling back for good', async () => {
    const server = track(await startRedisServer({ password: PASSWORD }));
    const store = track(
      new RedisLimiterStore({
        url: `redis://:wrong-${PASSWORD}@127.0.0.1:${server.port}`,
        onUnavailable: "local",
      }),
    );
    await expect(store.ready()).rejects.toBeInstanceOf(RedisLimiterRefusedError);
    const error = await rejection(store.acquire(`acme:${WRITES}`, rule));
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    expect((error as Error).message).toMatch(/Redis refused the credentials.*WRONGPASS/);
    expectNoSecret(everything(error));
  });
});

describe("a Redis that cannot run the store's scripts", () => {
  it.each([
    ["scripting disabled", ["EVALSHA", "EVAL"], "scripting_disabled", /does not run Lua scripts/],
    [
      "a command the script calls renamed away",
      ["TIME"],
      "script_error",
      /a Lua script of this store failed/,
    ],
  ])("%s fails at once", async (_name, commands, reason, text) => {
    const { url } = await redisWithPassword(commands.flatMap((c) => ["--rename-command", c, ""]));
    const store = track(new RedisLimiterStore({ url, timeoutMs: 10_000 }));
    await store.ready();
    const error = await rejection(store.acquire(`acme:${WRITES}`, rule));
    expect(error).toBeInstanceOf(RedisLimiterRefusedError);
    expect(error).toMatchObject({ reason, permanent: true });
    expect((error as Error).message).toMatch(text);
    expectNoSecret(everything(error));
  });
});

describe("a job on a store that refuses", () => {
  let fake: BrazeFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function job(options: { foreignAt?: string; user?: string; preflight?: boolean }) {
    const { admin, server } = await redisWithPassword();
    if (options.foreignAt) await admin.set(`${PREFIX}acme:${options.foreignAt}`, "x");
    if (options.user) {
      await admin.acl(
        "SETUSER",
        options.user,
        "on",
        `>${PASSWORD}`,
        "~*",
        "+@all",
        "-evalsha",
        "-eval",
      );
    }
    const redis = track(
      new RedisLimiterStore({
        url: `redis://${options.user ?? ""}:${PASSWORD}@127.0.0.1:${server.port}/0`,
      }),
    );
    await redis.ready();
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const { calls, store } = counted(redis);
    const down: LimiterStoreUnavailableEvent[] = [];
    const stops: SystematicFailureEvent[] = [];
    const checks: PreflightCheck[] = [];
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      concurrency: 4,
      rateLimit: { store, namespace: "acme" },
      // Short enough that waiting it out (as before) ends the test in seconds, failing it.
      retry: { maxElapsedMs: 3000 },
      onLimiterStoreUnavailable: (event) => down.push(event),
      onSystematicFailure: (event) => stops.push(event),
    });
    track(braze);
    const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ids },
      {
        ...(options.preflight === false ? { preflight: false } : {}),
        onPreflight: (check) => checks.push(check),
      },
    );
    // Every identifier exactly once, none sent: not_sent with the job's stop.
    expect(result.outcomes).toHaveLength(ids.length);
    expect(new Set(result.outcomes?.map((o) => o.index)).size).toBe(ids.length);
    expect(result).toMatchObject({
      total: 500,
      notSent: 500,
      failed: 0,
      succeeded: 0,
      requests: 0,
    });
    for (const outcome of result.outcomes ?? []) {
      expect(outcome).toMatchObject({
        outcome: "not_sent",
        reason: result.stopped?.reason,
        error: { code: "rate_limiter_unavailable" },
      });
    }
    expect(fake.requests).toHaveLength(0);
    // Never reported as an outage to wait out.
    expect(down).toHaveLength(0);
    expectNoSecret(JSON.stringify(result));
    return { result, calls, stops, checks };
  }

  it("without the preflight: stops at the first acquisition (one), every identifier not_sent", async () => {
    const { result, calls, stops } = await job({ foreignAt: WRITES, preflight: false });
    expect(calls.acquire).toBe(1);
    expect(result.stopped).toMatchObject({ reason: "systematic_failure" });
    expect(result.stopped?.error.message).toContain(
      `the key "${PREFIX}acme:${WRITES}" holds a string where this store keeps a hash`,
    );
    expect(result.stopped?.error.message).toMatch(
      /another application probably uses this namespace/,
    );
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ source: "bulk", rule: "fatal_status" });
  });

  it("with the preflight: stops before anything is read or sent (the writes' bucket checked)", async () => {
    const { result, calls, checks } = await job({ foreignAt: WRITES });
    expect(calls).toEqual({ acquire: 0, check: 1 });
    expect(result.stopped).toMatchObject({ reason: "preflight" });
    expect(result.stopped?.error.message).toContain(`"${PREFIX}acme:${WRITES}" holds a string`);
    expect(checks).toEqual([{ outcome: "stopped", error: result.stopped?.error }]);
  });

  it("a foreign value at the reads' bucket: the preflight read's slot is refused, nothing sent", async () => {
    const { result, calls } = await job({ foreignAt: READS });
    expect(calls).toEqual({ acquire: 1, check: 1 });
    expect(result.stopped).toMatchObject({ reason: "preflight" });
    expect(result.stopped?.error.message).toContain(`"${PREFIX}acme:${READS}" holds a string`);
  });

  it("a user that may not run scripts: stops before anything is read or sent", async () => {
    const { result } = await job({ user: "noscripts" });
    expect(result.stopped).toMatchObject({ reason: "preflight" });
    expect(result.stopped?.error.message).toMatch(/NOPERM .*'evalsha'/);
  });

  it("per-event calls and send() fail at once, nothing sent", async () => {
    const { admin, url } = await redisWithPassword();
    await admin.set(`${PREFIX}acme:${WRITES}`, "x");
    const store = track(new RedisLimiterStore({ url }));
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = track(
      createBrazeRuntime({
        apiKey: API_KEY,
        baseUrl: fake.url,
        rateLimit: { store, namespace: "acme" },
        retry: { maxElapsedMs: 3000 },
      }),
    );
    await expect(
      braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" }),
    ).resolves.toMatchObject({
      outcome: "not_sent",
      reason: "systematic_failure",
      error: { code: "rate_limiter_unavailable" },
    });
    const error = await rejection(
      braze.send({
        subscription_group_id: "g",
        subscription_state: "subscribed",
        external_id: ["u2"],
      }),
    );
    expect(error).toBeInstanceOf(BrazeLimiterUnavailableError);
    expect(error).toMatchObject({ permanent: true });
    expect((error as Error).cause).toBeInstanceOf(RedisLimiterRefusedError);
    expectNoSecret(everything(error));
    expect(fake.requests).toHaveLength(0);
  });
  // A job that only reads back (the CLI's verify) needs the reads' bucket, not the writes'.
  async function readsOn(foreignAt: string) {
    const { admin, url } = await redisWithPassword();
    await admin.set(`${PREFIX}acme:${foreignAt}`, "x");
    const { calls, store } = counted(track(new RedisLimiterStore({ url })));
    const server = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    fake = server;
    const braze = track(
      createBrazeRuntime({
        apiKey: API_KEY,
        baseUrl: server.url,
        rateLimit: { store, namespace: "acme" },
        retry: { maxElapsedMs: 3000 },
      }),
    );
    return { braze, calls, server };
  }
  const readJob = { subscriptionGroupId: "g", type: "external_id" as const, candidates: ["u1"] };

  it("a preflight for reads checks the reads' bucket: a foreign value there stops it, nothing read", async () => {
    const { braze, calls, server } = await readsOn(READS);
    const check = await braze.preflight(readJob, { purpose: "reads" });
    expect(check).toMatchObject({
      outcome: "stopped",
      error: { code: "rate_limiter_unavailable" },
    });
    expect(check?.outcome === "stopped" && check.error.message).toContain(
      `"${PREFIX}acme:${READS}" holds a string`,
    );
    expect(calls).toEqual({ acquire: 0, check: 1 });
    expect(server.requests).toHaveLength(0);
  });

  it("a preflight for reads is not stopped by a foreign value at the writes' bucket", async () => {
    const { braze, server } = await readsOn(WRITES);
    await expect(braze.preflight(readJob, { purpose: "reads" })).resolves.toEqual({
      outcome: "passed",
    });
    expect(server.requests).toHaveLength(1);
    // A job of writes is stopped there, before its read.
    await expect(braze.preflight(readJob)).resolves.toMatchObject({ outcome: "stopped" });
    expect(server.requests).toHaveLength(1);
  });

  it("getStatus on a refusing reads' bucket: one outcome each, the kept-back ones saying the store refused", async () => {
    const { braze, server } = await readsOn(READS);
    const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    const result = await braze.getStatus({ subscriptionGroupId: "g", externalIds: ids });
    expect(result.outcomes).toHaveLength(ids.length);
    expect(new Set(result.outcomes.map((o) => o.index)).size).toBe(ids.length);
    expect(result.failed).toBe(ids.length);
    expect(server.requests).toHaveLength(0);
    const keptBack = result.outcomes.filter(
      (o) => o.outcome === "failed" && o.error.message.includes("(not sent: "),
    );
    expect(keptBack.length).toBeGreaterThan(0);
    for (const outcome of keptBack)
      expect(outcome.outcome === "failed" && outcome.error.message).toMatch(
        /\(not sent: the rate-limit store refused an earlier read's slot for good\)$/,
      );
  });
});
