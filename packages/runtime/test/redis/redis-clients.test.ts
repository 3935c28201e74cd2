import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { Redis as IoRedis5 } from "ioredis";
import { Redis as IoRedis6 } from "ioredis-v6";
import { createClient as createNodeRedis5 } from "redis";
import { createClient as createNodeRedis4 } from "redis-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../../src/index.js";
import {
  RedisLimiterRefusedError,
  RedisLimiterStore,
  type RedisLimiterStoreOptions,
} from "../../src/redis/index.js";
import { json, startScriptedServer } from "../support/scripted-server.js";

// The store takes the clients people have: ioredis v5 and v6, node-redis v4 and v5 (the one
// Redis now points new users to), each against a real redis-server. Each `open` returns the
// library's own client type as the option's type, so `tsc` (lint) checks they are accepted.

type Client = NonNullable<RedisLimiterStoreOptions["client"]>;
interface Kind {
  open(url: string): Promise<Client>;
  isOpen(client: Client): boolean;
  close(client: Client): Promise<unknown>;
}

const ioredis = (create: (url: string) => IoRedis5 | IoRedis6): Kind => ({
  open: async (url) => create(url),
  isOpen: (client) => (client as IoRedis5).status === "ready",
  close: (client) => (client as IoRedis5).quit(),
});
interface NodeRedis {
  connect(): Promise<unknown>;
  quit(): Promise<unknown>;
  readonly isReady: boolean;
}
const nodeRedis = (create: (url: string) => NodeRedis & Client, connect: boolean): Kind => ({
  async open(url) {
    const client = create(url);
    if (connect) await client.connect();
    return client;
  },
  isOpen: (client) => (client as NodeRedis & Client).isReady,
  close: (client) => (client as NodeRedis & Client).quit(),
});

const kinds: [string, Kind][] = [
  ["ioredis v5", ioredis((url) => new IoRedis5(url))],
  ["ioredis v6", ioredis((url) => new IoRedis6(url))],
  ["node-redis v5", nodeRedis((url) => createNodeRedis5({ url }), true)],
  ["node-redis v4", nodeRedis((url) => createNodeRedis4({ url }), true)],
  [
    "node-redis v5, not connected yet (the store connects it)",
    nodeRedis((url) => createNodeRedis5({ url }), false),
  ],
];

let server: RedisServer;
let admin: IoRedis5;
let keySeq = 0;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new IoRedis5(server.url);
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

describe.each(kinds)("RedisLimiterStore with a %s client", (_name, kind) => {
  it("grants on the server's budget, survives a flushed script cache, and leaves the client open", async () => {
    const client = await kind.open(server.url);
    const store = new RedisLimiterStore({ client });
    const key = `clients-${++keySeq}:bucket`;
    const rule = { limit: 20, intervalMs: 1000 };
    try {
      const first = await store.acquire(key, rule);
      const rest = await Promise.all(Array.from({ length: 4 }, () => store.acquire(key, rule)));
      expect(first).toMatchObject({ waitMs: 0, ticket: 1, source: "redis" });
      expect(rest.map((g) => g.ticket).sort((x, y) => x - y)).toEqual([2, 3, 4, 5]);
      // A restarted or flushed server forgot the script: EVALSHA fails, EVAL runs it in full.
      await admin.script("FLUSH");
      const after = await store.acquire(key, rule);
      expect(after).toMatchObject({ waitMs: 0, ticket: 6 });
      await store.close();
      expect(kind.isOpen(client)).toBe(true);
    } finally {
      await store.close();
      await kind.close(client);
    }
  });

  it("is ready(), and refuses at once a bucket whose key holds another application's value", async () => {
    const client = await kind.open(server.url);
    const store = new RedisLimiterStore({ client, timeoutMs: 10_000 });
    const key = `clients-${++keySeq}:bucket`;
    try {
      // ready() listened for refused credentials on the client, which node-redis's adapted
      // client cannot be: it threw "off is not a function".
      await store.ready();
      await admin.set(`braze-subscriptions:limiter:${key}`, "x");
      const error = await store.acquire(key, { limit: 20, intervalMs: 1000 }).catch((e) => e);
      expect(error).toBeInstanceOf(RedisLimiterRefusedError);
      expect(error).toMatchObject({ reason: "wrong_type" });
      expect((error as Error).message).toContain(
        `the key "braze-subscriptions:limiter:${key}" holds a string where this store keeps a hash`,
      );
    } finally {
      await store.close();
      await kind.close(client);
    }
  });
});

it("ioredis and node-redis processes share one budget through the same key", async () => {
  const io = await kinds[0]?.[1].open(server.url);
  const node = await kinds[2]?.[1].open(server.url);
  if (io === undefined || node === undefined) throw new Error("no clients");
  const stores = [new RedisLimiterStore({ client: io }), new RedisLimiterStore({ client: node })];
  const key = `clients-${++keySeq}:shared`;
  const rule = { limit: 20, intervalMs: 1000 };
  try {
    // 30 asked for at once through two client libraries: one budget of 20, no ticket twice.
    const grants = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stores[i % 2]?.acquire(key, rule)),
    );
    const tickets = grants.filter((g) => g?.waitMs === 0).map((g) => g?.ticket ?? 0);
    expect(tickets.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await (io as unknown as IoRedis5).quit();
    await (node as unknown as { quit(): Promise<unknown> }).quit();
  }
});

it("a runtime keeps its rate limit in Redis through a node-redis client", async () => {
  const http = await startScriptedServer([json(201, { message: "success" })]);
  const node = createNodeRedis5({ url: server.url });
  await node.connect();
  const store = new RedisLimiterStore({ client: node });
  const braze = createBrazeRuntime({
    apiKey: "k",
    baseUrl: http.url,
    rateLimit: { store, namespace: `clients-${++keySeq}` },
  });
  try {
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ["a", "b", "c"],
    });
    expect(result.succeeded).toBe(3);
    const keys = await admin.keys(`braze-subscriptions:limiter:clients-${keySeq}:*`);
    expect(keys.length).toBeGreaterThan(0);
  } finally {
    await braze.close();
    await store.close();
    await node.quit();
    await http.close();
  }
});
