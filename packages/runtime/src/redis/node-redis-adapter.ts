import type { Redis } from "ioredis";

/**
 * The part of a node-redis client (the `redis` package, v4 or v5) the store uses. Typed by
 * shape, so `redis` is not a dependency of the runtime: pass the client `createClient()`
 * returned, connected or not.
 */
export interface NodeRedisClient {
  readonly isReady: boolean;
  readonly isOpen: boolean;
  /** Read for the endpoint named in errors and for the password they must not show. */
  readonly options?: NodeRedisOptions | undefined;
  connect(): Promise<unknown>;
  ping(): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  once(event: "ready", listener: () => void): unknown;
}

/** The fields of node-redis's client options the store reads (each may be absent). */
export interface NodeRedisOptions {
  url?: string | undefined;
  socket?: { host?: string | undefined; port?: number | undefined } | object | undefined;
  database?: number | undefined;
  password?: string | undefined;
}

/**
 * The part of an ioredis client (v5 or v6) the store uses on a client it is given, typed by
 * shape so that both majors' `Redis` classes are accepted.
 */
export interface IoRedisClient {
  readonly status: string;
  readonly options: {
    host?: string | undefined;
    port?: number | undefined;
    db?: number | undefined;
    password?: string | undefined;
  };
  connect(): Promise<unknown>;
  once(event: "ready", listener: () => void): unknown;
  ping(): Promise<unknown>;
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** True for a node-redis client (it has `evalSha` and `isReady`; ioredis has `evalsha`). */
export function isNodeRedisClient(value: unknown): value is NodeRedisClient {
  const candidate = value as Partial<NodeRedisClient> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.evalSha === "function" &&
    typeof candidate.eval === "function" &&
    typeof candidate.once === "function" &&
    typeof candidate.isReady === "boolean"
  );
}

/**
 * Presents a node-redis client as the ioredis calls the store's connection makes on a client
 * it was given (status, ready event, PING, EVALSHA/EVAL); a given client is never closed, so
 * `quit` and `disconnect` are not needed. Replies are the same RESP values in both clients.
 */
export function fromNodeRedis(client: NodeRedisClient): Redis {
  const options = client.options ?? {};
  const url = options.url === undefined ? undefined : new URL(options.url);
  const socket = (options.socket ?? {}) as { host?: string; port?: number };
  const adapter = {
    get status() {
      return client.isReady ? "ready" : client.isOpen ? "connecting" : "wait";
    },
    // What the connection's messages name (the password only to be scrubbed from them).
    options: {
      host: socket.host ?? url?.hostname,
      port: socket.port ?? (url?.port ? Number(url.port) : undefined),
      db: options.database ?? (url && url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0),
      password: options.password ?? (url?.password ? decodeURIComponent(url.password) : undefined),
    },
    connect: () => client.connect(),
    once(event: "ready", listener: () => void) {
      client.once(event, listener);
      return adapter;
    },
    ping: () => client.ping(),
    evalsha: (sha1: string, _keyCount: 1, key: string, ...args: (string | number)[]) =>
      client.evalSha(sha1, { keys: [key], arguments: args.map(String) }),
    eval: (lua: string, _keyCount: 1, key: string, ...args: (string | number)[]) =>
      client.eval(lua, { keys: [key], arguments: args.map(String) }),
  };
  return adapter as unknown as Redis;
}
