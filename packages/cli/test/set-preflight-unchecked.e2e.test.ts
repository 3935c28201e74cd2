import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { operationMetadata } from "@braze-subscriptions/client";
import { describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// README (Stopping a bad job early): the preflight read answered 429, 5xx or a timeout could
// not check the key, instance and group: a one-line warning, then the job goes on (only a
// 401/404, a 400 and a 403 change what happens). The server here answers the read as told
// and every write with the API's success.

const KEY = "preflight-unchecked-key-6b2e";
const read = operationMetadata.getSubscriptionStatus;
const write = operationMetadata.setSubscriptionStatus;

interface Scripted {
  url: string;
  /** Method and path of every request, in order. */
  requests: string[];
}

const servers = closedAfterAll();
const temp = useTempDir();

/** Answers the read with `status` (or never, for `"hang"`), and every write with success. */
async function server(readAnswer: number | "hang"): Promise<Scripted> {
  const requests: string[] = [];
  const http = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(`${req.method} ${path}`);
    if (req.method === "POST") {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"message":"success"}');
    } else if (readAnswer !== "hang") {
      res.writeHead(readAnswer, { "content-type": "application/json", "retry-after": "0" });
      res.end(`{"message":"HTTP ${readAnswer} from the test"}`);
    }
  });
  servers.keep(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requests };
}

const cases: [string, number | "hang", RegExp][] = [
  ["a 503", 503, /HTTP 503/],
  ["a 500", 500, /HTTP 500/],
  ["a 429", 429, /HTTP 429/],
  ["no answer within --timeout", "hang", /time/i],
];

describe("the preflight read could not check (429, 5xx, timeout): a warning, then the job", () => {
  it.each(cases)("%s: one warning line, every row sent, exit 0", async (name, answer, why) => {
    const scripted = await server(answer);
    const input = temp.path(`${name.replaceAll(" ", "-")}.csv`);
    const report = temp.path(`${name.replaceAll(" ", "-")}.report.ndjson`);
    await writeFile(input, "email\nann@example.com\nbob@example.com\n");
    const result = await runBin(
      [
        "set",
        ...["--group", "g-unchecked", "--state", "unsubscribed", "--input", input],
        ...["--base-url", scripted.url, "--report", report],
        ...["--max-retries", "0", "--timeout", "500ms", "--json", "--quiet"],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
    const warnings = result.stderr.split("\n").filter((line) => line.includes("warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^braze-subscriptions: warning: could not check the key, instance and group before sending: .*; going on$/,
    );
    expect(warnings[0]).toMatch(why);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
    expect((await readNdjson<ReportLine>(report)).map((line) => line.outcome)).toEqual([
      "succeeded",
      "succeeded",
    ]);
    // The read first, then the write.
    expect(scripted.requests[0]).toBe(`GET ${read.path}`);
    expect(scripted.requests.slice(1)).toEqual([`POST ${write.path}`]);
  });
});
