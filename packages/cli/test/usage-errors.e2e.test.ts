import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "usage-key-0a7b3c9d2e";

describe("usage errors: one line on stderr, exit 2, no stack trace, no key", () => {
  const temp = useTempDir();
  let csv: string;

  beforeAll(async () => {
    csv = temp.path("ok.csv");
    await writeFile(csv, "email\na@example.com\n");
    await writeFile(temp.path("two-columns.csv"), "email,phone\na@example.com,+33612345678\n");
    await writeFile(temp.path("no-column.csv"), "name,plan\nAda,basic\n");
    await writeFile(
      temp.path("email-twice.csv"),
      "email,name,Email\na@example.com,Ada,b@example.com\n",
    );
    await writeFile(temp.path("locked.csv"), "email\na@example.com\n");
    await chmod(temp.path("locked.csv"), 0o000);
    await mkdir(temp.path("a-directory"));
    // A checkpoint written by another job (other group) for the same input.
    await writeFile(
      temp.path("other.checkpoint"),
      `${JSON.stringify({ format: "braze-subscriptions/set-checkpoint", version: 1, job: { input: { path: csv, size: 0, mtimeMs: 0 }, subscriptionGroupId: "other", state: "unsubscribed", type: "email", column: "email", doubleOptIn: false, target: "url:http://127.0.0.1:9" } })}\n`,
    );
  });

  const base = () => [
    "set",
    "--group",
    "g",
    "--state",
    "unsubscribed",
    "--input",
    csv,
    "--base-url",
    "http://127.0.0.1:9",
  ];
  const isRoot = process.getuid?.() === 0;

  const cases: Array<[string, () => string[], Record<string, string>, RegExp]> = [
    [
      "an unknown flag",
      () => [...base(), "--frobnicate"],
      { BRAZE_API_KEY: KEY },
      /unknown option '--frobnicate'/,
    ],
    ["an unknown command", () => ["sett"], {}, /unknown command 'sett'/],
    ["a missing API key", base, {}, /missing API key: pass --api-key or set BRAZE_API_KEY/],
    [
      "no instance nor base URL",
      () => base().slice(0, -2),
      { BRAZE_API_KEY: KEY },
      /missing target/,
    ],
    [
      "an unknown instance",
      () => [...base().slice(0, -2), "--instance", "MARS-01"],
      { BRAZE_API_KEY: KEY },
      /--instance must be one of/,
    ],
    [
      "both --instance and --base-url",
      () => [...base(), "--instance", "EU-01"],
      { BRAZE_API_KEY: KEY },
      /not both/,
    ],
    [
      "a missing group",
      () => ["set", ...base().slice(3)],
      { BRAZE_API_KEY: KEY },
      /missing required option --group/,
    ],
    [
      "a bad state",
      () => ["set", "--group", "g", "--state", "maybe"],
      { BRAZE_API_KEY: KEY },
      /--state.*maybe.*invalid/,
    ],
    [
      "a bad rate limit",
      () => [...base(), "--rate-limit", "fast"],
      { BRAZE_API_KEY: KEY },
      /--rate-limit expects <requests>\/<interval>/,
    ],
    // Node turns a timer of 2^31 ms or more into 1 ms: every duration flag is capped.
    [
      "a --timeout no timer can hold",
      () => [...base(), "--timeout", "2147483648"],
      { BRAZE_API_KEY: KEY },
      /--timeout must be a duration such as 500ms, 30s or 1m \(a bare number is milliseconds\), from 1 ms to at most 2147483647 ms \(about 24.8 days\), got "2147483648"/,
    ],
    [
      "a --progress-interval no timer can hold",
      () => [...base(), "--progress-interval", "99999999999"],
      { BRAZE_API_KEY: KEY },
      /--progress-interval must be a duration .*from 100 ms to at most 2147483647 ms/,
    ],
    [
      "a --rate-limit interval no timer can hold",
      () => [...base(), "--rate-limit", "1/600h"],
      { BRAZE_API_KEY: KEY },
      /--rate-limit expects <requests>\/<interval> .*at most 2147483647 ms/,
    ],
    [
      "a mock --latency no timer can hold",
      () => ["mock", "--latency", "2147483648"],
      {},
      /--latency must be a duration .*at most 2147483647 ms/,
    ],
    [
      "a mock --timeout-delay no timer can hold",
      () => ["mock", "--timeout-delay", "600h"],
      {},
      /--timeout-delay must be a duration .*at most 2147483647 ms/,
    ],
    [
      "a mock --rate-limit interval no timer can hold",
      () => ["mock", "--rate-limit", "5/2147483648ms"],
      {},
      /--rate-limit expects <requests>\/<interval>/,
    ],
    [
      "a bad --max-retries",
      () => [...base(), "--max-retries", "-1"],
      { BRAZE_API_KEY: KEY },
      /--max-retries must be an integer/,
    ],
    [
      "a missing input file",
      () => [...base().slice(0, 6), temp.path("nope.csv"), "--base-url", "http://127.0.0.1:9"],
      { BRAZE_API_KEY: KEY },
      /cannot read input .*nope\.csv: no such file or directory/,
    ],
    [
      "an input path below a file",
      () => [...base().slice(0, 6), join(csv, "child.csv"), "--base-url", "http://127.0.0.1:9"],
      { BRAZE_API_KEY: KEY },
      /cannot read input .*: a parent is not a directory/,
    ],
    [
      "a directory as input",
      () => [...base().slice(0, 6), temp.path("a-directory"), "--base-url", "http://127.0.0.1:9"],
      { BRAZE_API_KEY: KEY },
      /not a regular file/,
    ],
    [
      "a CSV with two identifier columns",
      () => [
        ...base().slice(0, 6),
        temp.path("two-columns.csv"),
        "--base-url",
        "http://127.0.0.1:9",
      ],
      { BRAZE_API_KEY: KEY },
      /several identifier columns \(email, phone\): pick one with --column/,
    ],
    [
      "a CSV with no identifier column",
      () => [...base().slice(0, 6), temp.path("no-column.csv"), "--base-url", "http://127.0.0.1:9"],
      { BRAZE_API_KEY: KEY },
      /has no external_id, email, phone column/,
    ],
    [
      "a CSV header naming the identifier column twice",
      () => [
        ...base().slice(0, 6),
        temp.path("email-twice.csv"),
        "--base-url",
        "http://127.0.0.1:9",
      ],
      { BRAZE_API_KEY: KEY },
      /names the column "email" twice \(columns 1 and 3\)/,
    ],
    [
      "a CSV header naming the --column twice",
      () => [
        ...base().slice(0, 6),
        temp.path("email-twice.csv"),
        "--base-url",
        "http://127.0.0.1:9",
        "--column",
        "EMAIL",
      ],
      { BRAZE_API_KEY: KEY },
      /names the column "email" twice/,
    ],
    [
      "a mistyped key flag with its value (the value is not echoed, the suggestion stays)",
      () => [...base(), `--apikey=${KEY}`],
      {},
      /unknown option '--apikey=…'.*Did you mean --api-key\?/,
    ],
    [
      "a base URL holding user:password@",
      () => [...base().slice(0, -1), `https://ops:${KEY}@rest.example.test`],
      { BRAZE_API_KEY: "another-key-1f2e3d4c" },
      /--base-url must not hold credentials \(user:password@\).*"https:\/\/…@rest\.example\.test\/"/,
    ],
    [
      "a base URL with the key in its query string",
      () => [...base().slice(0, -1), `https://rest.example.test/?api_key=${KEY}`],
      { BRAZE_API_KEY: KEY },
      /--base-url must not have a query string/,
    ],
    [
      "BRAZE_REST_URL holding user:password@ (named as the env variable)",
      () => base().slice(0, -2),
      {
        BRAZE_API_KEY: "another-key-1f2e3d4c",
        BRAZE_REST_URL: `https://u:${KEY}@rest.example.test`,
      },
      /BRAZE_REST_URL must not hold credentials/,
    ],
    [
      "demo --rows that is not a whole number (the shared integer check)",
      () => ["demo", "--rows", "1e3"],
      {},
      /--rows must be an integer ≥ 1, got "1e3"/,
    ],
    [
      "an unknown --column",
      () => [...base(), "--column", "mail"],
      { BRAZE_API_KEY: KEY },
      /--column mail: no such column/,
    ],
    [
      "a checkpoint of another job",
      () => [...base(), "--checkpoint", temp.path("other.checkpoint")],
      { BRAZE_API_KEY: KEY },
      /belongs to another job \(input size/,
    ],
    [
      "an unwritable report",
      () => [...base(), "--report", temp.path("missing-dir", "r.ndjson")],
      { BRAZE_API_KEY: KEY },
      /cannot write report .*no such file or directory/,
    ],
    [
      "a report that would overwrite the input",
      () => [...base(), "--report", csv],
      { BRAZE_API_KEY: KEY },
      /--report and --input name the same file/,
    ],
    [
      "--checkpoint with stdin",
      () => [...base().slice(0, 6), "-", "--base-url", "http://127.0.0.1:9", "--checkpoint", "x"],
      { BRAZE_API_KEY: KEY },
      /--checkpoint needs --input <file>/,
    ],
    [
      "http:// to a remote host",
      () => [...base().slice(0, -1), "http://example.com"],
      { BRAZE_API_KEY: KEY },
      /https/,
    ],
    [
      "a key given on the command line, with a bad flag",
      () => [...base(), "--api-key", KEY, "--rate-limit", `${KEY}/1s`],
      {},
      /--rate-limit expects/,
    ],
  ];
  // Root reads a mode-000 file anyway; the ENOTDIR case above covers unreadable paths there.
  if (!isRoot) {
    cases.push([
      "an unreadable input file",
      () => [...base().slice(0, 6), temp.path("locked.csv"), "--base-url", "http://127.0.0.1:9"],
      { BRAZE_API_KEY: KEY },
      /permission denied/,
    ]);
  }

  it.each(cases)("%s", async (_name, args, env, message) => {
    const result = await runBin(args(), { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^braze-subscriptions: /);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain(KEY);
  });

  it("a flag or argument error points at the help of its command, which lists that command's flags", async () => {
    // It pointed every error at the root's --help, a list of commands without their flags.
    const flag = await runBin(["set", "--grup", "g"]);
    expect(flag.stderr).toBe(
      "braze-subscriptions: unknown option '--grup' (Did you mean --group?) (see braze-subscriptions set --help)\n",
    );
    expect(flag.code).toBe(2);
    const argument = await runBin(["status"]);
    expect(argument.stderr).toMatch(/\(see braze-subscriptions status --help\)\n$/);
    const command = await runBin(["stauts"]);
    expect(command.stderr).toMatch(
      /unknown command 'stauts'.*\(see braze-subscriptions --help\)\n$/,
    );
    expect(command.code).toBe(2);
  });

  it("--help and --version exit 0 on stdout", async () => {
    const help = await runBin(["set", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--checkpoint <file>/);
    const version = await runBin(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
