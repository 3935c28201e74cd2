import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PEEK_RECORDS } from "../src/start/preflight-start.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// README (Choices made where the issue was silent): the preflight read looks at the first 100
// input records for a valid identifier; without one there, the runtime reads at its first
// write instead. A file whose first rows are all invalid (a column of bad exports on top)
// must still be sent, and still be checked before its first write.

const KEY = "preflight-late-key-1d7b";
const job = useFakeJob(KEY);
const INVALID = PEEK_RECORDS + 30;
const VALID = 60;
let input: string;

beforeAll(async () => {
  input = join(job.dir, "late.csv");
  const rows = [
    ...Array.from({ length: INVALID }, (_, i) => `not-an-address-${i}`),
    ...Array.from({ length: VALID }, (_, i) => `late${i}@example.com`),
  ];
  await writeFile(input, `email\n${rows.join("\n")}\n`);
});

const set = (key: string, report: string) =>
  runBin(
    [
      "set",
      ...["--group", "g-late", "--state", "unsubscribed", "--input", input],
      ...["--base-url", job.fake.url, "--report", report, "--json", "--quiet"],
    ],
    { env: { BRAZE_API_KEY: key } },
  );

describe(`no valid identifier among the first ${PEEK_RECORDS} records`, () => {
  it("the job goes on: its read comes with the first write, every valid row is sent (exit 3 for the invalid ones)", async () => {
    const report = join(job.dir, "late.report.ndjson");
    const result = await set(KEY, report);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: INVALID + VALID,
      invalid: INVALID,
      succeeded: VALID,
    });
    const methods = job.fake.requests.map((request) => request.method);
    expect(methods[0]).toBe("GET");
    expect(methods.slice(1).every((method) => method === "POST")).toBe(true);
    const sent = job.fake.requests
      .filter((request) => request.method === "POST")
      .reduce((sum, request) => sum + request.identifierCount, 0);
    expect(sent).toBe(VALID);
  });

  it("a key Braze refuses is still met by that read: no write, every valid row not_sent (exit 4)", async () => {
    const report = join(job.dir, "late-wrong-key.report.ndjson");
    const result = await set("a-wrong-key-0f9e8d", report);
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toMatchObject({
      succeeded: 0,
      notSent: VALID,
      stopped: { reason: "preflight", status: 401 },
    });
    expect(job.fake.requests.map((request) => request.method)).toEqual(["GET"]);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(INVALID + VALID);
    expect(lines.filter((line) => line.outcome === "not_sent")).toHaveLength(VALID);
  });
});
