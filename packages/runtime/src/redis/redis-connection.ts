import { Redis } from "ioredis";
import {
  RedisLimiterRefusedError,
  RedisLimiterUnavailableError,
  type RedisRefusalReason,
} from "../errors/limiter-errors.js";
import { redact, safeCause } from "../errors/redact.js";
import { BUCKET_KEYS, keyTypesScript, type LuaScript } from "./budget-scripts.js";
import { redactRedisUrl } from "./redact-redis-url.js";
import { type ForeignKey, isAuthRefusal, refusalOf, refusalText } from "./redis-refusals.js";

/** First delay between reconnection attempts; it doubles per attempt up to the configured cap. */
const RECONNECT_BASE_DELAY_MS = 50;

/** How {@link RedisConnection} reaches Redis. */
export interface RedisConnectionConfig {
  url: string;
  client: Redis | undefined;
  reconnectMaxDelayMs: number;
  /** The store's key prefix, named in the advice of a refusal (`~<prefix>*`). */
  keyPrefix: string;
}

/**
 * One Redis connection that runs Lua scripts under a deadline. Commands are never queued while
 * the connection is down (a queued reservation would be granted long after its caller gave up):
 * a call waits for the connection to be ready, then sends, all within its timeout, and
 * otherwise fails with {@link RedisLimiterUnavailableError}. ioredis reconnects on its own.
 * An answer that waiting will not change (a foreign value at the key, a refused permission or
 * password: see `refusalOf`) fails at once with {@link RedisLimiterRefusedError}.
 */
export class RedisConnection {
  /** The endpoint without credentials, for messages. */
  readonly endpoint: string;
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #password: string;
  readonly #keyPrefix: string;
  #ready: Promise<void> | undefined;
  #lastError: unknown;
  /**
   * Redis's refusal of the connection's credentials since it was last ready (another error of
   * the connection meanwhile, e.g. a reset, does not make it acceptable).
   */
  #authRefusal: unknown;
  #closed = false;

  constructor(config: RedisConnectionConfig) {
    this.#keyPrefix = config.keyPrefix;
    if (config.client) {
      this.#client = config.client;
      this.#owned = false;
      const { host, port, db } = config.client.options;
      this.endpoint = `redis://${host ?? "127.0.0.1"}:${port ?? 6379}/${db ?? 0}`;
      this.#password = config.client.options.password ?? "";
    } else {
      this.#client = new Redis(config.url, {
        enableOfflineQueue: false,
        // A reservation that may or may not have run must not run twice after a reconnect.
        autoResendUnfulfilledCommands: false,
        retryStrategy: (times) =>
          Math.min(RECONNECT_BASE_DELAY_MS * 2 ** Math.min(times, 10), config.reconnectMaxDelayMs),
      });
      this.#owned = true;
      this.endpoint = redactRedisUrl(config.url);
      this.#password = decodeURIComponent(new URL(config.url).password);
      // Without a listener ioredis prints every failed reconnection; keep the last one for
      // the error message instead.
      this.#client.on("error", (error: unknown) => {
        this.#lastError = error;
        if (isAuthRefusal(error)) this.#authRefusal = error;
      });
      this.#client.on("ready", () => {
        this.#authRefusal = undefined;
      });
    }
  }

  /** True while commands can be sent right now. */
  get isReady(): boolean {
    return this.#client.status === "ready";
  }

  /**
   * The refusal that keeps the connection down, when Redis refused its credentials the last
   * time it tried (reconnecting will be refused alike): for a caller that would otherwise not
   * wait for the connection (the local fallback).
   */
  credentialsRefusal(timeoutMs: number): RedisLimiterRefusedError | undefined {
    if (this.isReady || this.#authRefusal === undefined) return undefined;
    return this.#refused(
      refusalOf(this.#authRefusal) ?? "credentials",
      undefined,
      timeoutMs,
      this.#authRefusal,
    );
  }

  /**
   * Runs `script` on `key` with `args`, waiting at most `timeoutMs` in total (for the
   * connection, then for the answer), and returns its reply.
   * @param onLateReply called with the reply of a script that ran after the caller gave up
   *   (deadline passed or signal aborted), so what it reserved can be given back.
   * @throws RedisLimiterRefusedError when Redis answers an error waiting will not change (the
   *   key holds another type, a permission, the credentials, scripting disabled, a script error).
   * @throws RedisLimiterUnavailableError when the deadline passes or Redis answers another error.
   */
  async run(
    script: LuaScript,
    key: string,
    args: (string | number)[],
    timeoutMs: number,
    signal?: AbortSignal,
    onLateReply?: (reply: unknown) => void,
  ): Promise<unknown> {
    return this.#withDeadline(
      timeoutMs,
      () => this.#evalScript(script, key, args),
      key,
      signal,
      onLateReply,
    );
  }

  /**
   * Resolves once Redis answers a PING, waiting at most `timeoutMs`; fails at once when Redis
   * refuses the credentials.
   * @throws RedisLimiterRefusedError when Redis refuses the credentials (or the PING).
   * @throws RedisLimiterUnavailableError otherwise.
   */
  async ping(timeoutMs: number): Promise<void> {
    await this.#withDeadline(timeoutMs, () => this.#client.ping(), undefined);
  }

  /**
   * Checks, changing nothing, that the store can keep `key`: that no key of the bucket holds
   * another type than the store keeps there, and that this user may run the scripts on them.
   * Resolves when all is well, and when Redis cannot tell now (unreachable, slow, loading):
   * acquisitions then wait for it as ever.
   * @throws RedisLimiterRefusedError naming the foreign key and its type, or what Redis refused.
   */
  async checkKey(key: string, timeoutMs: number): Promise<void> {
    let reply: unknown;
    try {
      reply = await this.#withDeadline(timeoutMs, () => this.#keyTypes(key), key);
    } catch (error) {
      if (error instanceof RedisLimiterRefusedError) throw error;
      return;
    }
    const foreign = foreignKeysOf(key, reply);
    if (foreign.length > 0) throw this.#refused("wrong_type", key, timeoutMs, undefined, foreign);
  }

  async #withDeadline<T>(
    timeoutMs: number,
    command: () => Promise<T>,
    key: string | undefined,
    signal?: AbortSignal,
    onLateReply?: (reply: T) => void,
  ): Promise<T | undefined> {
    if (this.#closed) throw this.#unavailable("the store is closed", timeoutMs);
    signal?.throwIfAborted();
    let timedOut = false;
    // Redis answered a refusal in time: naming the foreign key may take a moment more.
    let refused = false;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (refused) return;
        timedOut = true;
        reject(this.#unavailable(`no answer within ${timeoutMs} ms`, timeoutMs, this.#lastError));
      }, timeoutMs);
      // A caller that stops waiting (e.g. on SIGINT) is let go at once.
      onAbort = () => {
        timedOut = true;
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    // Redis refusing the credentials while the call waits, for the connection or for an answer
    // (a command sent as the connection dropped waits in ioredis's queue for a reconnection
    // that the refusal makes impossible): waiting longer cannot help.
    let stopListening = () => {};
    const credentialsRefused = new Promise<never>((_, reject) => {
      stopListening = this.#onConnectError((error) => {
        if (!isAuthRefusal(error)) return;
        timedOut = true;
        reject(this.#refused(refusalOf(error) ?? "credentials", undefined, timeoutMs, error));
      });
    });
    credentialsRefused.catch(() => {});
    const call = (async () => {
      await this.#connected(timeoutMs);
      // The caller has gone: do not reserve a slot nobody will use.
      if (timedOut) return undefined;
      let reply: T;
      try {
        reply = await command();
      } catch (error) {
        this.#lastError = error;
        const reason = refusalOf(error);
        if (reason === undefined) throw this.#unavailable("the command failed", timeoutMs, error);
        refused = true;
        const foreign =
          reason === "wrong_type" && key !== undefined
            ? await this.#foreignKeys(key, timeoutMs)
            : undefined;
        throw this.#refused(reason, key, timeoutMs, error, foreign);
      }
      // Sent in time, answered too late (a slow or paused Redis): nobody will use it.
      if (timedOut) onLateReply?.(reply);
      return reply;
    })();
    try {
      return await Promise.race([call, deadline, credentialsRefused]);
    } finally {
      clearTimeout(timer);
      stopListening();
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Closes the connection if this object opened it; a caller's client is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#owned) return;
    if (this.#client.status === "ready") {
      try {
        await this.#client.quit();
        return;
      } catch {
        // Fall through to a hard disconnect.
      }
    }
    this.#client.disconnect();
  }

  /**
   * Waits for the connection to be ready; fails at once when Redis refused its credentials the
   * last time it tried: reconnecting would be refused alike (a refusal of the next attempt is
   * caught by the caller's wait, {@link RedisConnection.#withDeadline}).
   */
  async #connected(timeoutMs: number): Promise<void> {
    if (this.#client.status === "ready") {
      // A refusal seen before it came back (a client given, whose events are not followed).
      this.#authRefusal = undefined;
      return;
    }
    const known = this.credentialsRefusal(timeoutMs);
    if (known) throw known;
    await this.#whenReady();
  }

  /**
   * Listens to the connection's errors until the returned function is called. The store's own
   * connection keeps them anyway; a client given (ioredis) is listened to only meanwhile, and
   * one that cannot be (node-redis, adapted) is not.
   */
  #onConnectError(listener: (error: unknown) => void): () => void {
    const client = this.#client;
    const events = client as Partial<Pick<Redis, "on" | "off">>;
    if (typeof events.on !== "function" || typeof events.off !== "function") return () => {};
    const record = (error: unknown) => {
      if (isAuthRefusal(error)) this.#authRefusal = error;
      listener(error);
    };
    client.on("error", record);
    return () => client.off("error", record);
  }

  #whenReady(): Promise<void> {
    const client = this.#client;
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "wait") client.connect().catch(() => {});
    // One listener per outage, however many acquisitions are waiting.
    this.#ready ??= new Promise<void>((resolve) => {
      client.once("ready", () => {
        this.#ready = undefined;
        this.#authRefusal = undefined;
        resolve();
      });
    });
    return this.#ready;
  }

  async #evalScript(script: LuaScript, key: string, args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#client.evalsha(script.sha1, 1, key, ...args);
    } catch (error) {
      // A restarted or flushed server has forgotten the script: send it once in full.
      if (error instanceof Error && error.message.startsWith("NOSCRIPT")) {
        return await this.#client.eval(script.lua, 1, key, ...args);
      }
      throw error;
    }
  }

  /** The type of each key of the bucket whose hash is `key`, in the order of `BUCKET_KEYS`. */
  #keyTypes(key: string): Promise<unknown> {
    return this.#evalScript(
      keyTypesScript,
      key,
      BUCKET_KEYS.map(({ suffix }) => suffix),
    );
  }

  /** The keys of the bucket holding another type, if Redis says within `timeoutMs`. */
  async #foreignKeys(key: string, timeoutMs: number): Promise<ForeignKey[] | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, undefined);
    });
    try {
      const reply = await Promise.race([this.#keyTypes(key), late]);
      return reply === undefined ? undefined : foreignKeysOf(key, reply);
    } catch {
      // Refused too (an ACL that allows the budget's commands but not TYPE): the message
      // then names the bucket's keys without saying which one.
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  #unavailable(reason: string, timeoutMs: number, cause?: unknown): RedisLimiterUnavailableError {
    const status = this.#closed ? "closed" : this.#client.status;
    const detail = cause instanceof Error ? `; last error: ${cause.message}` : "";
    const message = `Redis limiter store at ${this.endpoint}: ${reason} (connection ${status}${detail}); no rate-limit slot was granted`;
    const safe = safeCause(cause, this.#password);
    return new RedisLimiterUnavailableError(
      redact(message, this.#password),
      { endpoint: this.endpoint, timeoutMs },
      safe ? { cause: safe } : undefined,
    );
  }

  #refused(
    reason: RedisRefusalReason,
    key: string | undefined,
    timeoutMs: number,
    cause: unknown,
    foreign?: ForeignKey[],
  ): RedisLimiterRefusedError {
    const what = refusalText(reason, { key, keyPrefix: this.#keyPrefix, foreign });
    const answer = cause instanceof Error ? ` (Redis answered: ${cause.message})` : "";
    const message = `Redis limiter store at ${this.endpoint}: ${what}${answer}; no rate-limit slot was granted, and waiting will not change the answer`;
    const safe = safeCause(cause, this.#password);
    return new RedisLimiterRefusedError(
      redact(message, this.#password),
      { endpoint: this.endpoint, timeoutMs, reason, ...(key === undefined ? {} : { key }) },
      safe ? { cause: safe } : undefined,
    );
  }
}

/** The keys of a bucket whose type Redis gave in `reply` and that the store keeps otherwise. */
function foreignKeysOf(key: string, reply: unknown): ForeignKey[] {
  if (!Array.isArray(reply)) return [];
  return BUCKET_KEYS.flatMap(({ suffix, type: expected }, i) => {
    const type = reply[i];
    return typeof type === "string" && type !== "none" && type !== expected
      ? [{ key: key + suffix, type, expected }]
      : [];
  });
}
