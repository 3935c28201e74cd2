import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

const KEY = "small-key-5e6f7a8b9c";

describe("set: input formats, dry run, exit codes", () => {
  const job = useFakeJob(KEY);
  const env = job.env;

  it("reads one identifier per line from stdin with --type, and exits 0 when all succeed", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `user-${i}`);
    const result = await runBin(
      [
        "set",
        "--group",
        "g1",
        "--state",
        "subscribed",
        "--input",
        "-",
        "--type",
        "external_id",
        "--json",
      ],
      {
        env: env(),
        stdin: `${ids.join("\n")}\n\n`,
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: 120,
      valid: 120,
      succeeded: 120,
      requests: 3,
    });
    expect(
      job.fake.state
        .list("g1")
        .map((record) => record.id)
        .sort(),
    ).toEqual([...ids].sort());
    // Writes only (the job's preflight read is a GET with no body).
    const writes = job.fake.requests.filter((entry) => entry.method === "POST");
    expect(writes.every((entry) => Object.hasOwn(entry.body as object, "external_id"))).toBe(true);
  });

  it("counts the lines of a file redirected to stdin (`< file`) for the progress total, but not of a pipe", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `user-${i}`);
    const input = join(job.dir, "redirected.txt");
    await writeFile(input, `${ids.join("\n")}\n`);
    const args = ["set", "--group", "g1", "--state", "subscribed", "--input", "-"];
    const set = [...args, "--type", "external_id", "--json"];
    const redirected = await runBin(set, { env: env(), stdinFile: input });
    const piped = await runBin(set, { env: env(), stdin: await readFile(input, "utf8") });
    for (const result of [redirected, piped]) {
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ total: 120, succeeded: 120 });
    }
    expect(redirected.stderr).toMatch(/progress: 120\/120 ids \(100\.0%\)/);
    expect(piped.stderr).toMatch(/progress: 120 ids,/);
  });

  it("picks --column among several identifier columns, keeps CSV line numbers, skips blank lines", async () => {
    const input = join(job.dir, "phones.csv");
    await writeFile(
      input,
      'email,phone,name\r\na@example.com,+33612345678,"Ada, Countess"\r\n\r\nb@example.com,0612345678,Bob\r\nc@example.com,+14155550100,Cy\r\n',
    );
    const report = join(job.dir, "phones.ndjson");
    const result = await runBin(
      [
        "set",
        "--group",
        "sms",
        "--state",
        "subscribed",
        "--input",
        input,
        "--column",
        "phone",
        "--double-opt-in",
        "--report",
        report,
      ],
      { env: env() },
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/succeeded\s+2/);
    const lines = (await readNdjson<ReportLine>(report)).sort((a, b) => a.line - b.line);
    expect(lines.map((line) => [line.line, line.id, line.outcome])).toEqual([
      [2, "+33612345678", "succeeded"],
      [4, "0612345678", "invalid"],
      [5, "+14155550100", "succeeded"],
    ]);
    expect(job.fake.requests.find((entry) => entry.method === "POST")?.body).toMatchObject({
      phone: ["+33612345678", "+14155550100"],
      use_double_opt_in_logic: true,
    });
  });

  it("a refused key: 0 writes, exit 2, one line naming the likely cause, never the key", async () => {
    const input = join(job.dir, "refused.txt");
    await writeFile(input, "a@example.com\nb@example.com\n");
    const report = join(job.dir, "refused.ndjson");
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--type", "email", "--report", report, "--json"],
      ],
      { env: { ...env(), BRAZE_API_KEY: "wrong-key-1234567" } },
    );
    expect(result.code).toBe(2);
    expect(job.fake.requests.filter((entry) => entry.method === "POST")).toHaveLength(0);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^braze-subscriptions: the API key was refused: .*\(HTTP 401: .*\); nothing was sent$/,
    );
    expect(result.stderr).not.toContain("wrong-key-1234567");
  });

  it("--dry-run counts valid, invalid and duplicate identifiers and the requests, and sends nothing", async () => {
    const input = join(job.dir, "dry.csv");
    const rows = ["email"];
    for (let i = 0; i < 120; i += 1) rows.push(`p${i}@example.com`);
    rows.push("not-an-address", "p0@example.com", "p1@example.com");
    await writeFile(input, `${rows.join("\n")}\n`);
    const report = join(job.dir, "dry.ndjson");
    // No key needed for a dry run; the target is there only to prove nothing reaches it.
    const result = await runBin(
      [
        "set",
        "--group",
        "g",
        "--state",
        "unsubscribed",
        "--input",
        input,
        "--dry-run",
        "--json",
        "--rate-limit",
        "10/1s",
        "--report",
        report,
      ],
      {
        env: { BRAZE_REST_URL: job.fake.url },
      },
    );
    expect(result.code).toBe(3);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      dryRun: true,
      total: 123,
      valid: 120,
      invalid: 1,
      duplicates: 2,
      requests: 3,
    });
    // Three requests at 10 per second: the last one can leave 200 ms after the first.
    expect(plan.minDurationMs).toBe(200);
    expect(job.fake.requests).toHaveLength(0);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.map((line) => [line.line, line.outcome])).toEqual([
      [122, "invalid"],
      [123, "duplicate"],
      [124, "duplicate"],
    ]);

    const human = await runBin([
      "set",
      "--group",
      "g",
      "--state",
      "unsubscribed",
      "--input",
      input,
      "--dry-run",
    ]);
    expect(human.stdout).toMatch(/Dry run, nothing sent: 123 identifiers/);
    expect(human.stdout).toMatch(/requests\s+3/);
  });

  it("reports a CSV record that cannot be parsed as invalid (malformed_csv) and reads on", async () => {
    const input = join(job.dir, "broken.csv");
    await writeFile(input, 'email\na@example.com\n"unclosed,x\nb@example.com\n');
    const report = join(job.dir, "broken.ndjson");
    const result = await runBin(
      [
        "set",
        "--group",
        "g",
        "--state",
        "unsubscribed",
        "--input",
        input,
        "--report",
        report,
        "--json",
      ],
      {
        env: env(),
      },
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: 3,
      valid: 2,
      invalid: 1,
      succeeded: 2,
    });
    const lines = (await readNdjson<ReportLine>(report)).sort((a, b) => a.line - b.line);
    expect(
      lines.map((line) => [line.line, line.id, line.outcome, line.error?.code ?? null]),
    ).toEqual([
      [2, "a@example.com", "succeeded", null],
      [3, null, "invalid", "malformed_csv"],
      [4, "b@example.com", "succeeded", null],
    ]);
  });

  it("counts a malformed CSV record in a dry run's progress line, as its summary and the real run's progress do", async () => {
    const input = join(job.dir, "broken-dry.csv");
    await writeFile(input, 'email\na@example.com\n"unclosed,x\nb@example.com\n');
    const args = ["set", "--group", "g", "--state", "unsubscribed", "--input", input];
    const dry = await runBin([...args, "--dry-run", "--json"]);
    expect(dry.code).toBe(3);
    expect(JSON.parse(dry.stdout)).toMatchObject({ total: 3, valid: 2, invalid: 1 });
    expect(dry.stderr).toMatch(
      /^progress: 3\/3 ids \(100\.0%\), \d+ ids\/s, ETA \S+; 2 valid, 1 invalid, 0 duplicates; nothing sent$/m,
    );
    const real = await runBin([...args, "--json", "--yes"], { env: env() });
    expect(real.stderr).toMatch(/^progress: 3\/3 ids .*; 2 succeeded, 0 failed, 1 invalid,/m);
  });
});
