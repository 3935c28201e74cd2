import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type BrazeFake, type FaultKind, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// The built bin against servers that answer 2xx without applying anything, or redirect: the
// run must not exit 0, and no identifier may be reported `succeeded`. The same wrong answer on
// every request stops the job (exit 4): the rows it did not send are `not_sent`.
const KEY = "false-success-key-7d6c5b4a";
const IDS = Array.from({ length: 120 }, (_, i) => `user-${i}`);

const temp = useTempDir();

async function setAgainst(baseUrl: string, name: string) {
  const report = temp.path(`${name}.ndjson`);
  const result = await runBin(
    [
      ...["set", "--group", "g1", "--state", "unsubscribed", "--input", "-", "--yes"],
      ...["--type", "external_id", "--base-url", baseUrl, "--report", report, "--json"],
      ...["--concurrency", "1", "--quiet"],
    ],
    { env: { BRAZE_API_KEY: KEY }, stdin: `${IDS.join("\n")}\n` },
  );
  const lines = await readNdjson<ReportLine>(report);
  const everything = [result.stdout, result.stderr, await readFile(report, "utf8")].join("\n");
  expect(everything).not.toContain(KEY);
  return { result, lines };
}

describe("set against the fake answering false successes", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake?.close();
  });

  it.each([
    ["html-200", 200, "HTTP 200, text/html): the API documents no such answer"],
    ["empty-201", 201, "HTTP 201, application/json): the body is empty"],
    ["truncated-201", 201, "HTTP 201, application/json): the body is not valid JSON"],
    ["error-200", 200, 'HTTP 200, application/json): "message" must be one of'],
  ] as const)(
    "%s: exit 4, no identifier succeeded, every one says unexpected_response",
    async (kind, status, says) => {
      fake.setFaults({ rates: { [kind as FaultKind]: 1 } });
      const { result, lines } = await setAgainst(fake.url, kind);
      expect(result.code).toBe(4);
      // Two requests (each tried twice) got the same wrong answer: the job stopped there.
      expect(JSON.parse(result.stdout)).toMatchObject({
        total: 120,
        succeeded: 0,
        failed: 100,
        notSent: 20,
        requests: 2,
        stopped: { code: "unexpected_response", status },
      });
      expect(lines).toHaveLength(120);
      for (const line of lines) {
        expect(["failed", "not_sent"]).toContain(line.outcome);
        expect(line.error).toMatchObject({ status, code: "unexpected_response" });
        expect(line.error?.message).toContain(says);
      }
      // Nothing was applied.
      expect(fake.state.size).toBe(0);
      // The writes: 2 requests, each tried twice (the preflight read is not counted).
      expect(fake.requests.filter((entry) => entry.method === "POST")).toHaveLength(4);
    },
  );
});

describe("set against a redirect", () => {
  const servers = closedAfterAll();

  /** A server counting the requests it gets, answering each with `answer`. */
  async function listen(answer: (res: import("node:http").ServerResponse) => void) {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => answer(res));
    });
    servers.keep(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, seen };
  }

  it.each([301, 302, 307, 308])(
    "%i: exit 4, failed naming the target host, the target receives nothing",
    async (status) => {
      const target = await listen((res) => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end('{"message":"success"}');
      });
      const origin = await listen((res) => {
        res.writeHead(status, { location: `http://admin:pw@${target.host}/login?key=${KEY}` });
        res.end();
      });
      const { result, lines } = await setAgainst(origin.url, `redirect-${status}`);
      expect(result.code).toBe(4);
      expect(JSON.parse(result.stdout)).toMatchObject({
        total: 120,
        succeeded: 0,
        failed: 50,
        notSent: 70,
        stopped: { code: "unexpected_response", status },
      });
      for (const line of lines) {
        expect(["failed", "not_sent"]).toContain(line.outcome);
        expect(line.error).toMatchObject({ status, code: "unexpected_response" });
        expect(line.error?.message).toContain(`a redirect to ${target.host};`);
        expect(line.error?.message).not.toMatch(/admin|pw@|login|detached/);
      }
      // The first request was redirected; the job stopped there, like after a 404.
      expect(origin.seen.filter((line) => line.startsWith("POST "))).toHaveLength(1);
      expect(target.seen).toEqual([]);
    },
  );
});
