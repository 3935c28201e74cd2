import { writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { readReport } from "../src/html-report/read-report.js";
import { openSetReport } from "../src/verify/read-set-report.js";
import { useTempDir } from "./support/temp-dir.js";

// Inputs are gunzipped since `--input x.csv.gz` is read as its text, so a gzipped report is
// the next thing people give: `verify --from-report` and `report` read a report as `set`
// wrote it, and said "x.ndjson.gz:1: not a report line (not JSON)" of one, which reads as a
// corrupt report rather than as "gunzip it first".

describe("a gzipped report", () => {
  const temp = useTempDir();
  let packed: string;

  beforeAll(async () => {
    const line = { line: 2, id: "a@example.com", type: "email", outcome: "succeeded" };
    packed = temp.path("optouts.report.ndjson.gz");
    await writeFile(packed, gzipSync(`${JSON.stringify(line)}\n`));
  });

  const refusal = (path: string) =>
    new RegExp(
      `^cannot read report ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: it is gzip data; a report is read as set wrote it: gunzip it first$`,
    );

  it("verify --from-report: one line saying it is gzip data", async () => {
    const error = await openSetReport(packed, {
      subscriptionGroupId: "newsletter",
      state: "unsubscribed",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(refusal(packed));
  });

  it("report: the same line", async () => {
    const error = await readReport(packed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(refusal(packed));
  });
});
