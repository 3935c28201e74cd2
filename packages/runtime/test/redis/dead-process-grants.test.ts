import { setTimeout as sleep } from "node:timers/promises";
import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LimiterStore, MemoryLimiterStore, type RateLimitRule } from "../../src/index.js";
import { RedisLimiterStore } from "../../src/redis/index.js";

// A process SIGKILLed (or crashed, or on a lost machine) while its requests were in flight
// never answers their grants. In a shared store they counted as in flight for good: with a
// `share` or a ceiling, as many as the cap stopped every other process of the bucket for good
// (a review's run: `--rate-limit 10/1s`, one process killed with 9 in flight, the other at
// `--share 0.5` never sent again; at `--share 1` it sent one request every 2 s). A grant's
// lease (`RateLimitRule.leaseMs`, the runtime's attempt timeout, twice) ends that.

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const INTERVAL_MS = 300;
const LEASE_MS = 600;
/** Far beyond the lease plus a window: before leases, no grant ever came. */
const GIVE_UP_MS = 8000;

/** Acquires until the store says wait; the tickets granted. */
async function drain(store: LimiterStore, key: string, rule: RateLimitRule): Promise<number[]> {
  const tickets: number[] = [];
  for (;;) {
    const grant = await store.acquire(key, rule);
    if (grant.waitMs > 0) return tickets;
    tickets.push(grant.ticket);
  }
}

/** Asks as the runtime does (sleeping each hint) until a grant; when it came (Date.now), or undefined. */
async function firstGrant(
  store: LimiterStore,
  key: string,
  rule: RateLimitRule,
): Promise<number | undefined> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  while (Date.now() < giveUpAt) {
    const grant = await store.acquire(key, rule);
    if (grant.waitMs <= 0) return Date.now();
    await sleep(Math.min(grant.waitMs, 50));
  }
  return undefined;
}

interface Case {
  name: string;
  rule: RateLimitRule;
  /** The server's word on the dead process's first grant (none: no headers). */
  word?: { remaining: number; limit: number };
}

const cases: Case[] = [
  { name: "the spec's rule, no words", rule: { limit: 5, intervalMs: INTERVAL_MS } },
  {
    name: "a ceiling below what the server says it allows",
    rule: { limit: 5, intervalMs: INTERVAL_MS, ceiling: true },
    word: { remaining: 19, limit: 20 },
  },
  {
    name: "a share",
    rule: { limit: 10, intervalMs: INTERVAL_MS, share: 0.5 },
    word: { remaining: 9, limit: 10 },
  },
];

describe.each([
  ["Redis, the dead process's own connection", "redis"],
  ["in memory (a grant never settled)", "memory"],
] as const)("grants a process died holding (%s)", (_name, kind) => {
  let keySeq = 0;
  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: count until their lease ends plus a window, then free their slots",
    async (_caseName, { rule: base, word }) => {
      const rule = { ...base, leaseMs: LEASE_MS };
      const key = `dead-${kind}-${++keySeq}:subscription-status-set`;
      const memory = new MemoryLimiterStore();
      const dead: LimiterStore =
        kind === "redis" ? new RedisLimiterStore({ url: server.url }) : memory;
      const alive: LimiterStore =
        kind === "redis" ? new RedisLimiterStore({ url: server.url }) : memory;
      try {
        if (word) {
          // An earlier request's answer told the server's word, a window ago.
          const first = await dead.acquire(key, rule);
          await dead.observe(key, rule, {
            ticket: first.ticket,
            refused: false,
            ...word,
            resetAtMs: Date.now() + INTERVAL_MS,
          });
          await sleep(INTERVAL_MS + 50);
        }
        // Then it took what it could, and died with all of it in flight.
        const held = await drain(dead, key, rule);
        expect(held).toHaveLength(5);
        const diedAt = Date.now();
        if (kind === "redis") await dead.close?.();
        const grantedAt = await firstGrant(alive, key, rule);
        // Before leases: never (the dead grants counted as in flight for good).
        expect(grantedAt).toBeDefined();
        // Not before the dead grants' lease ended plus a window (they may have reached the
        // server at the latest then): a margin for the timers of a loaded machine.
        expect((grantedAt as number) - diedAt).toBeGreaterThanOrEqual(LEASE_MS + INTERVAL_MS - 100);
      } finally {
        await alive.close?.();
        if (kind === "redis") await dead.close?.();
      }
    },
    GIVE_UP_MS + 5000,
  );
});

describe("a rule's leaseMs", () => {
  it("is refused by the Redis store when not a positive number", async () => {
    const store = new RedisLimiterStore({ url: server.url });
    try {
      await expect(
        store.acquire("bad-lease:subscription-status-set", {
          limit: 5,
          intervalMs: INTERVAL_MS,
          leaseMs: -1,
        }),
      ).rejects.toThrow(/leaseMs\?: positive number/);
    } finally {
      await store.close();
    }
  });
});
