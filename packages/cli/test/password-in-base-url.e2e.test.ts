import { writeFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "pw-test-key-3e5a7c9b";
const PASSWORD = "pw_zz-61d0";

// `user:password@host:port` typed without `https://` parses as a URL of scheme `user:` whose
// path is `password@host:port`: the refusal must not show that path as it is.
describe("a base URL without a scheme never shows its password", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let input: string;
  let host: string;

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
    host = new URL(fake.url).host;
    input = temp.path("ids.csv");
    await writeFile(input, "external_id\nu1\nu2\n");
  });
  afterAll(async () => {
    await fake?.close();
  });

  const job = (command: string) => [
    command,
    "--group",
    "g",
    "--state",
    "unsubscribed",
    "--input",
    input,
  ];
  const cases: [string, () => string[], () => Record<string, string>, RegExp][] = [
    [
      "set --base-url user:password@host",
      () => [...job("set"), "--base-url", `u:${PASSWORD}@${host}`],
      () => ({}),
      /--base-url must be an http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
    [
      "set --base-url=:password@host (no user)",
      () => [...job("set"), `--base-url=:${PASSWORD}@${host}`],
      () => ({}),
      /--base-url must be an absolute http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
    [
      "set --base-url user:pass#word@host (a # in the password)",
      () => [...job("set"), "--base-url", `u:${PASSWORD}#x@${host}`],
      () => ({}),
      /--base-url must be an http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
    [
      "set --base-url http://user:pass/word@host (a / in the password)",
      () => [...job("set"), "--base-url", `http://u:${PASSWORD}/x@${host}`],
      () => ({}),
      /--base-url must be an absolute http\(s\) URL, got "http:\/\/…@127\.0\.0\.1:\d+"/,
    ],
    [
      "set, BRAZE_REST_ENDPOINT=user:password@host",
      () => job("set"),
      () => ({ BRAZE_REST_ENDPOINT: `u:${PASSWORD}@${host}` }),
      /environment variable BRAZE_REST_ENDPOINT must be an http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
    [
      "verify --base-url user:password@host",
      () => [...job("verify"), "--base-url", `u:${PASSWORD}@${host}`],
      () => ({}),
      /--base-url must be an http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
    [
      "verify, BRAZE_REST_URL=user:password@host",
      () => job("verify"),
      () => ({ BRAZE_REST_URL: `u:${PASSWORD}@${host}` }),
      /environment variable BRAZE_REST_URL must be an http\(s\) URL, got "…@127\.0\.0\.1:\d+"/,
    ],
  ];

  it.each(cases)("%s: exit 2, the password elided", async (_name, args, env, want) => {
    const before = fake.requests.length;
    const result = await runBin(args(), { env: { BRAZE_API_KEY: KEY, ...env() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(want);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stdout).not.toContain(PASSWORD);
    expect(fake.requests.length).toBe(before);
  });

  it("the same URL with its scheme works (nothing else differs)", async () => {
    const result = await runBin([...job("set"), "--base-url", fake.url, "--json", "--quiet"], {
      env: { BRAZE_API_KEY: KEY },
    });
    expect(result.code).toBe(0);
  });
});
