import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { operationMetadata } from "@braze-subscriptions/client";
import { beforeAll, describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// README (Many groups in one job): the preflight read, made for the first row's group, answered
// 401 or 404 is exit 2 with nothing sent; mid-job, a 401, 403, 404 or a redirect stops the
// whole job (every group), unlike a refused group, which stops only that group. The server
// here answers the read and the writes as each test tells it.

const KEY = "many-groups-refusals-key-8e1f";
const V2 = operationMetadata.setSubscriptionStatusV2;
const READ = operationMetadata.getSubscriptionStatus;
const CAP = V2.requestBody.extensions["x-max-identifiers"] as number;
const GROUPS = ["g-a", "g-b", "g-c"];
/** Rows of the three groups in turn: every request holds rows of each. */
const ROWS = 4 * CAP;

interface Scripted {
  url: string;
  /** Method and path of every request, in order. */
  requests: string[];
}

const servers = closedAfterAll();
const temp = useTempDir();
let input: string;
beforeAll(async () => {
  input = temp.path("changes.csv");
  const rows = Array.from(
    { length: ROWS },
    (_, i) => `p${i}@example.com,${GROUPS[i % GROUPS.length]},unsubscribed`,
  );
  await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
});

/**
 * Answers the read with `read` (a status), and the nth write with `writes[n]` (the API's
 * success, a refusal's status, or a redirect's `Location`), the API's success past the list.
 */
async function server(answers: {
  read?: number;
  writes?: ("success" | number | { location: string })[];
}): Promise<Scripted> {
  const requests: string[] = [];
  let written = 0;
  const http = createServer((req, res) => {
    req.resume();
    requests.push(`${req.method} ${new URL(req.url ?? "/", "http://x").pathname}`);
    const json = { "content-type": "application/json" };
    if (req.method === "GET") {
      res.writeHead(answers.read ?? 500, json);
      res.end(`{"message":"HTTP ${answers.read} from the test"}`);
      return;
    }
    const answer = answers.writes?.[written++];
    if (answer === undefined || answer === "success") {
      res.writeHead(201, json);
      res.end('{"message":"success"}');
    } else if (typeof answer === "number") {
      res.writeHead(answer, json);
      res.end(`{"message":"HTTP ${answer} from the test"}`);
    } else {
      res.writeHead(301, { location: answer.location });
      res.end();
    }
  });
  servers.keep(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requests };
}

async function set(scripted: Scripted, name: string, ...extra: string[]) {
  const report = temp.path(`${name}.report.ndjson`);
  const result = await runBin(
    [
      "set",
      ...["--input", input, "--base-url", scripted.url, "--report", report],
      ...["--concurrency", "1", "--max-retries", "0", "--json", "--quiet", ...extra],
    ],
    { env: { BRAZE_API_KEY: KEY } },
  );
  return { result, report };
}

describe("a multi-group job whose settings Braze refuses", () => {
  it.each([401, 404])(
    "the preflight read answered %i: exit 2, one line, nothing written",
    async (status) => {
      const scripted = await server({ read: status });
      const { result } = await set(scripted, `preflight-${status}`);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/; nothing was sent\n$/);
      expect(scripted.requests).toEqual([`GET ${READ.path}`]);
    },
  );

  it.each([401, 403, 404])(
    "a %i on the second write stops every group: no write after it, exit 4",
    async (status) => {
      const scripted = await server({ writes: ["success", status] });
      const { result, report } = await set(scripted, `mid-${status}`, "--no-preflight");
      expect(result.code).toBe(4);
      expect(scripted.requests).toEqual([`POST ${V2.path}`, `POST ${V2.path}`]);
      const summary = JSON.parse(result.stdout);
      expect(summary).toMatchObject({ total: ROWS, succeeded: CAP, failed: CAP });
      expect(summary.notSent).toBe(ROWS - 2 * CAP);
      expect(summary.stopped).toMatchObject({ status });
      const lines = await readNdjson<ReportLine & { group: string }>(report);
      expect(lines).toHaveLength(ROWS);
      // Every group has rows left unsent: the job stopped as a whole, not one group.
      const notSent = lines.filter((line) => line.outcome === "not_sent");
      expect(new Set(notSent.map((line) => line.group))).toEqual(new Set(GROUPS));
    },
  );

  it("a redirect on the second write stops every group, and nothing is sent where it points", async () => {
    const elsewhere = await server({});
    const scripted = await server({
      writes: ["success", { location: `${elsewhere.url}${V2.path}` }],
    });
    const { result, report } = await set(scripted, "mid-redirect", "--no-preflight");
    expect(result.code).toBe(4);
    expect(scripted.requests).toEqual([`POST ${V2.path}`, `POST ${V2.path}`]);
    expect(elsewhere.requests).toEqual([]);
    const lines = await readNdjson<ReportLine & { group: string }>(report);
    const redirected = lines.filter((line) => line.outcome === "failed");
    expect(redirected).toHaveLength(CAP);
    expect(redirected[0]?.error).toMatchObject({ code: "unexpected_response" });
    expect(redirected[0]?.error?.message).toMatch(/a redirect to 127\.0\.0\.1/);
    const notSent = lines.filter((line) => line.outcome === "not_sent");
    expect(notSent).toHaveLength(ROWS - 2 * CAP);
    expect(new Set(notSent.map((line) => line.group))).toEqual(new Set(GROUPS));
  });
});
