import type { RedisRefusalReason } from "../errors/limiter-errors.js";

// Which Redis errors waiting can cure. ioredis and node-redis hand a server's error reply over as
// an Error whose message is the reply: an upper-case code (`WRONGTYPE`, `NOPERM`, `ERR`…), then
// the text. An error from a script carries the code of the command that failed in it: first
// (Redis 7: `WRONGTYPE Operation against a key holding the wrong kind of value script: <sha1>,
// on @user_script:12.`), or inside an `ERR` (before 7: `ERR Error running script (call to
// f_<sha1>): @user_script:12: WRONGTYPE …`).

/**
 * Codes of a server state that passes: the runtime waits and asks again.
 * - `LOADING`: a restarted Redis reads its data back;
 * - `BUSY`: another client's script runs long (until it ends or is killed);
 * - `MASTERDOWN`, `READONLY`, `NOREPLICAS`: a failover, or a replica that lost its primary (a
 *   URL that names a replica for good looks the same: the wait then runs out, as before);
 * - `CLUSTERDOWN`, `TRYAGAIN`, `ASK`: a cluster healing or moving slots;
 * - `OOM`, `MISCONF`: memory full, or snapshots failing: writes refused until the operator (or
 *   expiring keys) frees memory or disk; the server and our keys are fine;
 * - `NOSCRIPT`: the script cache was flushed (the store sends the script in full at once);
 * - `UNBLOCKED`: a client was unblocked (not used by the store; listed so it is not unknown).
 */
const WAIT_CURES = new Set([
  "LOADING",
  "BUSY",
  "MASTERDOWN",
  "READONLY",
  "NOREPLICAS",
  "CLUSTERDOWN",
  "TRYAGAIN",
  "ASK",
  "OOM",
  "MISCONF",
  "NOSCRIPT",
  "UNBLOCKED",
]);

/** Codes of an answer that stays the same however long one waits. */
const REFUSALS: Readonly<Record<string, RedisRefusalReason>> = {
  WRONGTYPE: "wrong_type",
  NOPERM: "permission",
  NOAUTH: "credentials",
  WRONGPASS: "credentials",
  // A Redis Cluster node: the store's keys of one bucket are not in one slot.
  MOVED: "cluster",
  CROSSSLOT: "cluster",
};

/** A known code inside an `ERR` reply (a script's failed command, before Redis 7). */
const EMBEDDED_CODE = new RegExp(
  `(?:^|[\\s:(-])(${[...WAIT_CURES, ...Object.keys(REFUSALS)].join("|")})\\b`,
);

/** What a script's failure looks like in Redis 5 to 7. */
const SCRIPT_FAILED =
  /script: [0-9a-f]{40}|user_script:\s?\d+|Error running script|Error compiling script|from script/;

/**
 * Why Redis refused for good, or `undefined` when waiting may change its answer: a connection
 * error or a timeout (no reply at all), a reply whose code names a passing state (see
 * `WAIT_CURES`), and a reply this does not know (as every error was before: the runtime's wait
 * then runs out as it did).
 */
export function refusalOf(error: unknown): RedisRefusalReason | undefined {
  if (!(error instanceof Error)) return undefined;
  const { message } = error;
  // A reply starts with its code in capitals; a client's own error (`connect ECONNREFUSED`,
  // `Connection is closed.`, `Stream isn't writeable…`) does not.
  const first = /^([A-Z]+)\b/.exec(message)?.[1];
  if (first === undefined) return undefined;
  const code = first === "ERR" ? (EMBEDDED_CODE.exec(message.slice(3))?.[1] ?? "ERR") : first;
  if (WAIT_CURES.has(code)) return undefined;
  const known = REFUSALS[code];
  if (known !== undefined) return known;
  if (code !== "ERR") return undefined;
  // Redis 7: 'evalsha'; 6: `evalsha`; both lower-case; renamed or disabled commands look alike.
  if (/^ERR unknown command ['`"]?(?:evalsha|eval)\b/i.test(message)) return "scripting_disabled";
  if (isAuthRefusal(error)) return "credentials";
  // A script's command or key the user's ACL refuses (Redis 6 and 7 word it so, under ERR).
  if (/can't run this command|can't access at least one of the keys/.test(message)) {
    return "permission";
  }
  if (SCRIPT_FAILED.test(message)) return "script_error";
  return undefined;
}

/** Redis answered that these credentials will not do (at connection or on a command). */
export function isAuthRefusal(error: unknown): boolean {
  return (
    error instanceof Error &&
    /^(WRONGPASS|NOAUTH|NOPERM|ERR invalid password|ERR AUTH|ERR Client sent AUTH)/.test(
      error.message,
    )
  );
}

/** A key of a bucket whose type is not the one the store keeps there. */
export interface ForeignKey {
  key: string;
  /** What Redis holds there (`string`, `list`…). */
  type: string;
  /** What the store keeps there (`hash` or `zset`). */
  expected: string;
}

/**
 * What went wrong and what to do, for the people who read the message: the key and its type,
 * the namespace or the permission to change. `key` is the bucket's hash (with the prefix);
 * `foreign`, when known, the keys found holding another type.
 */
export function refusalText(
  reason: RedisRefusalReason,
  where: { key: string | undefined; keyPrefix: string; foreign?: ForeignKey[] | undefined },
): string {
  const { key, keyPrefix, foreign } = where;
  const keys = key === undefined ? "its keys" : `the keys "${key}" and "${key}:…"`;
  switch (reason) {
    case "credentials":
      return "Redis refused the credentials: check the user name and password in the Redis URL (or of the client given)";
    case "permission":
      return `Redis refused this user the store's commands or keys: grant them, e.g. ACL SETUSER <user> +evalsha +eval +time +@read +@write +ping +info ~${keyPrefix}*`;
    case "wrong_type": {
      const found =
        foreign && foreign.length > 0
          ? foreign
              .map(
                (f) =>
                  `the key "${f.key}" holds a ${f.type} where this store keeps a ${f.expected}`,
              )
              .join("; ")
          : `a key of this bucket ("${key ?? keyPrefix}" or "${key ?? keyPrefix}:…") holds a value of another type than the store keeps there`;
      return `${found}: another application probably uses this namespace: choose another namespace (rateLimit.namespace, or --redis-namespace in the CLI) or keyPrefix, the same in every process sharing the budget`;
    }
    case "scripting_disabled":
      return "Redis does not run Lua scripts (EVALSHA/EVAL unknown: disabled, or renamed in its configuration); this store needs them";
    case "script_error":
      return `a Lua script of this store failed in Redis: a foreign value in ${keys}, a Redis it does not support (it needs Redis 5 or later, not a cluster), or a bug (report it with Redis's answer)`;
    case "cluster":
      return "Redis answered as a Redis Cluster node, which this store does not support (a bucket's keys are not in one slot): use a standalone Redis, or one behind Sentinel";
  }
}
