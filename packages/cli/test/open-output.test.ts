import { readFile, symlink, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { fileKey } from "../src/files/file-key.js";
import { openOutput } from "../src/files/open-output.js";
import { useTempDir } from "./support/temp-dir.js";

describe("openOutput: checks the opened descriptor before truncating", () => {
  const temp = useTempDir({ perTest: true });

  it("refuses a link onto a protected file (as when it is swapped in after the path checks), leaving it whole", async () => {
    const input = temp.path("input.csv");
    await writeFile(input, "email\na@example.com\n");
    const protect = [{ flag: "--input", given: input, key: await fileKey(input) }];
    const report = temp.path("report.ndjson");
    await symlink(input, report);
    await expect(openOutput(report, "--report", protect)).rejects.toThrow(
      /--report .*report\.ndjson and --input .*input\.csv are the same file on disk/,
    );
    expect(await readFile(input, "utf8")).toBe("email\na@example.com\n");
  });

  it("follows a link to any other file, and empties it", async () => {
    const input = temp.path("input.csv");
    await writeFile(input, "email\n");
    const old = temp.path("old-report.ndjson");
    await writeFile(old, "stale\n");
    const report = temp.path("report.ndjson");
    await symlink(old, report);
    const handle = await openOutput(report, "--report", [
      { flag: "--input", given: input, key: await fileKey(input) },
    ]);
    await handle.write("fresh\n");
    await handle.close();
    expect(await readFile(old, "utf8")).toBe("fresh\n");
  });
});
