import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// README (Logging): `BRAZE_LOG=info`, `warn` or `error` shows the runtime's lines from that
// level on stderr (`info`: rate-limit pauses; `warn`: retries, store failures); `debug` is
// `--verbose`'s line per request (help.e2e.test.ts). The server here answers the first
// write 429 (a pause, then a retry) and every later one with the API's success.

const KEY = "braze-log-levels-key-2c8d";
const PAUSE = /^braze-subscriptions: info: rate limited by Braze; pausing the bucket/m;
const RETRY = /^braze-subscriptions: warn: retrying a Braze request/m;
const REQUEST = /^braze-subscriptions: setSubscriptionStatus \d+ \d+ ms \(attempt \d+\)$/m;

const servers = closedAfterAll();
const temp = useTempDir();
let input: string;
beforeAll(async () => {
  input = temp.path("in.csv");
  await writeFile(input, "email\nann@example.com\nbob@example.com\n");
});

/** A server whose first write gets a 429 (retry at once), the others a success. */
async function throttlingOnce(): Promise<string> {
  let writes = 0;
  const server = createServer((req, res) => {
    req.resume();
    writes += 1;
    if (writes === 1) {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
      res.end('{"message":"API rate limit exceeded"}');
      return;
    }
    res.writeHead(201, { "content-type": "application/json" });
    res.end('{"message":"success"}');
  });
  servers.keep(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setWithLog(level: string) {
  const url = await throttlingOnce();
  return runBin(
    [
      "set",
      ...["--group", "g-log", "--state", "unsubscribed", "--input", input],
      ...["--base-url", url, "--no-preflight", "--json", "--quiet"],
    ],
    { env: { BRAZE_API_KEY: KEY, BRAZE_LOG: level } },
  );
}

describe("BRAZE_LOG shows the runtime's lines from its level on", () => {
  it("info: the pause a 429 causes, and the retry (a warning)", async () => {
    const result = await setWithLog("info");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(PAUSE);
    expect(result.stderr).toMatch(RETRY);
    expect(result.stderr).not.toMatch(REQUEST);
  });

  it("warn: the retry, not the pause", async () => {
    const result = await setWithLog("warn");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(RETRY);
    expect(result.stderr).not.toMatch(PAUSE);
    expect(result.stderr).not.toMatch(REQUEST);
  });

  it("error: neither (the job's own warnings and summary are not the runtime's log)", async () => {
    const result = await setWithLog("error");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 2, retries: 1 });
    expect(result.stderr).not.toMatch(RETRY);
    expect(result.stderr).not.toMatch(PAUSE);
    expect(result.stderr).not.toMatch(REQUEST);
  });

  it("debug: everything, with a line per request", async () => {
    const result = await setWithLog("debug");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(PAUSE);
    expect(result.stderr).toMatch(RETRY);
    expect(result.stderr.match(new RegExp(REQUEST.source, "gm"))).toHaveLength(2);
  });
});
