import { Redis } from "ioredis";
import { RedisLimiterUnavailableError } from "../errors/limiter-errors.js";
import { redact, safeCause } from "../errors/redact.js";
import type { LuaScript } from "./budget-scripts.js";
import { redactRedisUrl } from "./redact-redis-url.js";

/** First delay between reconnection attempts; it doubles per attempt up to the configured cap. */
const RECONNECT_BASE_DELAY_MS = 50;

/** How {@link RedisConnection} reaches Redis. */
export interface RedisConnectionConfig {
  url: string;
  client: Redis | undefined;
  reconnectMaxDelayMs: number;
}

/**
 * One Redis connection that runs Lua scripts under a deadline. Commands are never queued while
 * the connection is down (a queued reservation would be granted long after its caller gave up):
 * a call waits for the connection to be ready, then sends, all within its timeout, and
 * otherwise fails with {@link RedisLimiterUnavailableError}. ioredis reconnects on its own.
 */
export class RedisConnection {
  /** The endpoint without credentials, for messages. */
  readonly endpoint: string;
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #password: string;
  #ready: Promise<void> | undefined;
  #lastError: unknown;
  #closed = false;

  constructor(config: RedisConnectionConfig) {
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
      });
    }
  }

  /** True while commands can be sent right now. */
  get isReady(): boolean {
    return this.#client.status === "ready";
  }

  /**
   * Runs `script` on `key` with `args`, waiting at most `timeoutMs` in total (for the
   * connection, then for the answer), and returns its reply.
   * @param onLateReply called with the reply of a script that ran after the caller gave up
   *   (deadline passed or signal aborted), so what it reserved can be given back.
   * @throws RedisLimiterUnavailableError when the deadline passes or Redis answers with an error.
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
      signal,
      onLateReply,
    );
  }

  /**
   * Resolves once Redis answers a PING, waiting at most `timeoutMs`; fails at once when Redis
   * refuses the credentials.
   * @throws RedisLimiterUnavailableError otherwise.
   */
  async ping(timeoutMs: number): Promise<void> {
    if (this.#closed) throw this.#unavailable("the store is closed", timeoutMs);
    let onError: ((error: unknown) => void) | undefined;
    const refused = new Promise<never>((_, reject) => {
      onError = (error: unknown) => {
        if (isAuthRefusal(error)) {
          reject(this.#unavailable("Redis refused the credentials", timeoutMs, error));
        }
      };
      this.#client.on("error", onError);
    });
    refused.catch(() => {});
    try {
      await Promise.race([this.#withDeadline(timeoutMs, () => this.#client.ping()), refused]);
    } finally {
      if (onError) this.#client.off("error", onError);
    }
  }

  async #withDeadline<T>(
    timeoutMs: number,
    command: () => Promise<T>,
    signal?: AbortSignal,
    onLateReply?: (reply: T) => void,
  ): Promise<T | undefined> {
    if (this.#closed) throw this.#unavailable("the store is closed", timeoutMs);
    signal?.throwIfAborted();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
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
    const call = (async () => {
      await this.#whenReady();
      // The caller has gone: do not reserve a slot nobody will use.
      if (timedOut) return undefined;
      try {
        const reply = await command();
        // Sent in time, answered too late (a slow or paused Redis): nobody will use it.
        if (timedOut) onLateReply?.(reply);
        return reply;
      } catch (error) {
        this.#lastError = error;
        throw this.#unavailable("the command failed", timeoutMs, error);
      }
    })();
    try {
      return await Promise.race([call, deadline]);
    } finally {
      clearTimeout(timer);
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

  #whenReady(): Promise<void> {
    const client = this.#client;
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "wait") client.connect().catch(() => {});
    // One listener per outage, however many acquisitions are waiting.
    this.#ready ??= new Promise<void>((resolve) => {
      client.once("ready", () => {
        this.#ready = undefined;
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
}

/** Redis answered that these credentials will not do: retrying cannot help. */
function isAuthRefusal(error: unknown): boolean {
  return (
    error instanceof Error &&
    /^(WRONGPASS|NOAUTH|NOPERM|ERR invalid password|ERR AUTH|ERR Client sent AUTH)/.test(
      error.message,
    )
  );
}
