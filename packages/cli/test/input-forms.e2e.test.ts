import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// An input is read as its text, whatever form it came in, told by its bytes. A gzipped export
// (`optouts.csv.gz`) is counted and checkpointed like any file (before, it had to be piped
// through zcat, which gave up the line count, the ETA and --checkpoint), and gzip data that is
// cut off is refused by the count, before anything is sent. Excel's "Unicode Text" export
// (UTF-16 with a byte-order mark, tab-separated) read as garbage: "the header of list.txt
// (��e m a i l …) has no … column".

const KEY = "gzip-input-key-8a7b6c";
const ROWS = 1_200;

describe("input forms", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let plain: string;
  let packed: string;
  let text: string;

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
    plain = temp.path("optouts.csv");
    await writeEmailCsv(plain, ROWS);
    text = await readFile(plain, "utf8");
    packed = temp.path("optouts.csv.gz");
    await writeFile(packed, gzipSync(text));
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake?.close();
  });

  const run = (args: string[], stdin?: Buffer): Promise<BinResult> =>
    runBin([...args, "--base-url", fake.url], {
      env: { BRAZE_API_KEY: KEY },
      ...(stdin ? { stdin } : {}),
    });
  const set = (name: string, input: string, ...extra: string[]) =>
    run([
      ...["set", "--group", name, "--state", "unsubscribed", "--input", input],
      ...["--report", temp.path(`${name}.ndjson`), "--json", "--quiet", "--yes", ...extra],
    ]);
  // By line: the report is in the order outcomes settled.
  const outcomes = async (name: string) =>
    (await readNdjson<ReportLine>(temp.path(`${name}.ndjson`)))
      .map(({ line, id, outcome }) => ({ line, id, outcome }))
      .sort((a, b) => a.line - b.line);

  it("a .csv.gz file: the same lines and outcomes as the CSV, and a checkpoint that resumes", async () => {
    const fromPlain = await set("plain", plain);
    expect(fromPlain.code).toBe(3); // the file's invalid addresses
    const checkpoint = temp.path("packed.checkpoint");
    const fromPacked = await set("packed", packed, "--checkpoint", checkpoint);
    expect(fromPacked.code).toBe(3);
    expect(JSON.parse(fromPacked.stdout)).toEqual({
      ...JSON.parse(fromPlain.stdout),
      elapsedMs: expect.any(Number),
    });
    expect(await outcomes("packed")).toEqual(await outcomes("plain"));
    // The same command again: everything was checkpointed, no write is sent twice.
    const writes = () => fake.requests.filter((request) => request.method === "POST").length;
    const sent = writes();
    const again = await set("packed", packed, "--checkpoint", checkpoint);
    expect(JSON.parse(again.stdout)).toMatchObject({ requests: 0 });
    expect(writes()).toBe(sent);
  });

  it("one identifier per line (--type), from a gzipped file and piped to stdin", async () => {
    const lines = text
      .split("\n")
      .slice(1)
      .map((row) => row.split(",")[1] ?? "")
      .join("\n");
    const file = temp.path("emails.txt.gz");
    await writeFile(file, gzipSync(lines));
    const fromFile = await set("lines-file", file, "--type", "email");
    const piped = await run(
      [
        ...["set", "--group", "lines-pipe", "--state", "unsubscribed", "--input", "-"],
        ...["--type", "email", "--report", temp.path("lines-pipe.ndjson"), "--json"],
        "--quiet",
        "--yes",
      ],
      gzipSync(lines),
    );
    expect(fromFile.code).toBe(3);
    expect(piped.code).toBe(3);
    expect(JSON.parse(piped.stdout)).toEqual({
      ...JSON.parse(fromFile.stdout),
      elapsedMs: expect.any(Number),
    });
    expect(await outcomes("lines-pipe")).toEqual(await outcomes("lines-file"));
    expect(JSON.parse(fromFile.stdout).total).toBe(ROWS);
  });

  it.each([
    ["cut off", (data: Buffer) => data.subarray(0, Math.floor(data.length / 2))],
    [
      "corrupt",
      (data: Buffer) => {
        const broken = Buffer.from(data);
        broken.fill(0xff, 20, 60);
        return broken;
      },
    ],
  ])(
    "a file whose gzip data is %s: one line, exit 2, nothing sent, no file written",
    async (name, damage) => {
      const file = temp.path(`${name.replace(" ", "-")}.csv.gz`);
      await writeFile(file, damage(gzipSync(text)));
      const checkpoint = temp.path(`${name}.checkpoint`);
      const result = await set(
        `damaged-${name.replace(" ", "-")}`,
        file,
        "--checkpoint",
        checkpoint,
      );
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim()).toMatch(
        /^braze-subscriptions: cannot read input .*\.csv\.gz: its gzip data is cut off or corrupt \(.+\)$/,
      );
      expect(fake.requests).toHaveLength(0);
      expect(existsSync(checkpoint)).toBe(false);
      expect(existsSync(temp.path(`damaged-${name.replace(" ", "-")}.ndjson`))).toBe(false);
    },
  );

  it("verify reads a gzipped input back like the CSV", async () => {
    expect((await set("verified", plain)).code).toBe(3);
    const result = await run([
      ...["verify", "--group", "verified", "--state", "unsubscribed", "--input", packed],
      "--json",
    ]);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ total: ROWS, differs: 0, unknown: 0, failed: 0 });
    expect(summary.matches + summary.invalid + summary.duplicates).toBe(ROWS);
  });

  it("Excel's Unicode Text (UTF-16 with a mark, tabs, CRLF): the same lines and outcomes as the CSV", async () => {
    expect((await set("csv", plain)).code).toBe(3);
    const tsv = text
      .split("\n")
      .map((row) => row.replaceAll(",", "\t"))
      .join("\r\n");
    const file = temp.path("optouts.txt");
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]));
    const result = await set("unicode-text", file);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: ROWS });
    expect(await outcomes("unicode-text")).toEqual(await outcomes("csv"));
  });

  it("a file in Windows-1252 (Excel's CSV on Windows): rows whose identifier is not UTF-8 are invalid, never sent", async () => {
    const file = temp.path("windows-1252.csv");
    await writeFile(file, Buffer.from("external_id,name\njosé-42,José\nann-1,Zoë\n", "latin1"));
    const result = await set("windows-1252", file);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, invalid: 1, succeeded: 1 });
    const [mangled, ann] = (await readNdjson<ReportLine>(temp.path("windows-1252.ndjson"))).sort(
      (a, b) => a.line - b.line,
    );
    expect(mangled).toMatchObject({ line: 2, outcome: "invalid", error: { code: "not_utf8" } });
    expect(mangled?.error?.message).toMatch(/"jos\uFFFD-42" holds bytes that are not UTF-8/);
    expect(ann).toMatchObject({ line: 3, id: "ann-1", outcome: "succeeded" });
    // Only ann-1 went to Braze: "jos\uFFFD-42" is no one's external id.
    const sent = fake.requests.flatMap((request) => {
      const body = request.body as { external_id?: string | string[] } | undefined;
      return request.method === "POST" ? [body?.external_id].flat() : [];
    });
    expect(sent).toEqual(["ann-1"]);
  });

  it("an Excel workbook given as the list: one line saying to save it as CSV, exit 2, nothing sent", async () => {
    // The first bytes of every .xlsx: a zip archive's local file header.
    const file = temp.path("optouts.xlsx");
    await writeFile(
      file,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]),
    );
    const result = await set("workbook", file);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `braze-subscriptions: cannot read input ${file}: it is a zip archive (an Excel workbook, .xlsx?): save the sheet as "CSV UTF-8" and give that file`,
    );
    expect(fake.requests).toHaveLength(0);
  });
});
