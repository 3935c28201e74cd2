import { describe, expect, it } from "vitest";
import { refusalOf } from "../../src/redis/redis-refusals.js";

// Which Redis errors waiting can cure, by the texts Redis 5 to 7 send (Redis 7's were taken
// from redis-server 7.0 with redis-cli; the `ERR Error running script` form is Redis 5 and 6's).
// The store's tests against a real server (redis-refusals.test.ts) meet those it can provoke.

const SHA = "57eaae704f1558e06d02df47f4a6009b6d25dc33";

const cases: [string, { given: unknown; want: ReturnType<typeof refusalOf> }][] = [
  // No reply at all: the connection or the deadline. Waiting helps.
  [
    "a refused connection",
    { given: new Error("connect ECONNREFUSED 127.0.0.1:6379"), want: undefined },
  ],
  ["a closed connection", { given: new Error("Connection is closed."), want: undefined }],
  [
    "ioredis without its offline queue",
    {
      given: new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      want: undefined,
    },
  ],
  ["a bare errno", { given: new Error("ETIMEDOUT"), want: undefined }],
  ["not an Error", { given: "WRONGTYPE Operation", want: undefined }],
  // A server state that passes.
  [
    "LOADING",
    { given: new Error("LOADING Redis is loading the dataset in memory"), want: undefined },
  ],
  [
    "BUSY",
    {
      given: new Error(
        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
      ),
      want: undefined,
    },
  ],
  [
    "TRYAGAIN",
    {
      given: new Error("TRYAGAIN Multiple keys request during rehashing of slot"),
      want: undefined,
    },
  ],
  ["CLUSTERDOWN", { given: new Error("CLUSTERDOWN The cluster is down"), want: undefined }],
  [
    "MASTERDOWN",
    {
      given: new Error(
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
      ),
      want: undefined,
    },
  ],
  [
    "READONLY",
    { given: new Error("READONLY You can't write against a read only replica."), want: undefined },
  ],
  [
    "OOM in a script (Redis 7)",
    {
      given: new Error(
        `OOM command not allowed when used memory > 'maxmemory'. script: ${SHA}, on @user_script:1.`,
      ),
      want: undefined,
    },
  ],
  [
    "OOM in a script (Redis 6)",
    {
      given: new Error(
        `ERR Error running script (call to f_${SHA}): @user_script:1: @user_script: 1: -OOM command not allowed when used memory > 'maxmemory'.`,
      ),
      want: undefined,
    },
  ],
  [
    "MISCONF",
    {
      given: new Error(
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
      ),
      want: undefined,
    },
  ],
  [
    "NOREPLICAS",
    { given: new Error("NOREPLICAS Not enough good replicas to write."), want: undefined },
  ],
  ["ASK", { given: new Error("ASK 3999 127.0.0.1:6381"), want: undefined }],
  [
    "NOSCRIPT",
    { given: new Error("NOSCRIPT No matching script. Please use EVAL."), want: undefined },
  ],
  [
    "an ERR nobody knows",
    { given: new Error("ERR max number of clients reached"), want: undefined },
  ],
  ["a code nobody knows", { given: new Error("SOMETHINGNEW happened"), want: undefined }],
  // Refused for good.
  [
    "WRONGTYPE (Redis 7)",
    {
      given: new Error(
        `WRONGTYPE Operation against a key holding the wrong kind of value script: ${SHA}, on @user_script:31.`,
      ),
      want: "wrong_type",
    },
  ],
  [
    "WRONGTYPE (Redis 5 and 6)",
    {
      given: new Error(
        `ERR Error running script (call to f_${SHA}): @user_script:2: WRONGTYPE Operation against a key holding the wrong kind of value`,
      ),
      want: "wrong_type",
    },
  ],
  [
    "NOPERM on EVALSHA",
    {
      given: new Error("NOPERM this user has no permissions to run the 'evalsha' command"),
      want: "permission",
    },
  ],
  [
    "NOPERM on a key",
    {
      given: new Error(
        "NOPERM this user has no permissions to access one of the keys used as arguments",
      ),
      want: "permission",
    },
  ],
  [
    "a script's command the ACL refuses",
    {
      given: new Error(
        `ERR The user executing the script can't run this command or subcommand script: ${SHA}, on @user_script:1.`,
      ),
      want: "permission",
    },
  ],
  [
    "a script's key the ACL refuses",
    {
      given: new Error(
        `ERR The user executing the script can't access at least one of the keys mentioned in the command arguments script: ${SHA}, on @user_script:1.`,
      ),
      want: "permission",
    },
  ],
  ["NOAUTH", { given: new Error("NOAUTH Authentication required."), want: "credentials" }],
  [
    "WRONGPASS",
    {
      given: new Error("WRONGPASS invalid username-password pair or user is disabled."),
      want: "credentials",
    },
  ],
  [
    "an old Redis's AUTH refusal",
    { given: new Error("ERR invalid password"), want: "credentials" },
  ],
  [
    "EVALSHA unknown (Redis 7)",
    {
      given: new Error("ERR unknown command 'evalsha', with args beginning with: 'abc' '1' 'k' "),
      want: "scripting_disabled",
    },
  ],
  [
    "EVAL unknown (Redis 6)",
    {
      given: new Error("ERR unknown command `eval`, with args beginning with: `return 1`, `0`, "),
      want: "scripting_disabled",
    },
  ],
  [
    "a command of the script unknown",
    {
      given: new Error(
        `ERR Unknown Redis command called from script script: ${SHA}, on @user_script:1.`,
      ),
      want: "script_error",
    },
  ],
  [
    "a Lua runtime error (Redis 7)",
    {
      given: new Error(
        `ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: ${SHA}, on @user_script:1.`,
      ),
      want: "script_error",
    },
  ],
  [
    "a command's error in a script",
    {
      given: new Error(
        `ERR value is not an integer or out of range script: ${SHA}, on @user_script:1.`,
      ),
      want: "script_error",
    },
  ],
  [
    "a script that does not compile",
    {
      given: new Error(
        "ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'",
      ),
      want: "script_error",
    },
  ],
  ["MOVED", { given: new Error("MOVED 3999 127.0.0.1:6381"), want: "cluster" }],
  [
    "CROSSSLOT",
    { given: new Error("CROSSSLOT Keys in request don't hash to the same slot"), want: "cluster" },
  ],
];

describe("refusalOf: which Redis errors waiting will not change", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(refusalOf(given)).toBe(want);
  });
});
