import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileKey } from "../src/files/file-key.js";
import { openOutput } from "../src/files/open-output.js";
import { tempDir } from "./support/inputs.js";

describe("openOutput: checks the opened descriptor before truncating", () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    temp = await tempDir();
  });
  afterEach(() => temp.cleanup());

  it("refuses a link onto a protected file (as when it is swapped in after the path checks), leaving it whole", async () => {
    const input = join(temp.dir, "input.csv");
    await writeFile(input, "email\na@example.com\n");
    const protect = [{ flag: "--input", given: input, key: await fileKey(input) }];
    const report = join(temp.dir, "report.ndjson");
    await symlink(input, report);
    await expect(openOutput(report, "--report", protect)).rejects.toThrow(
      /--report .*report\.ndjson and --input .*input\.csv are the same file on disk/,
    );
    expect(await readFile(input, "utf8")).toBe("email\na@example.com\n");
  });

  it("follows a link to any other file, and empties it", async () => {
    const input = join(temp.dir, "input.csv");
    await writeFile(input, "email\n");
    const old = join(temp.dir, "old-report.ndjson");
    await writeFile(old, "stale\n");
    const report = join(temp.dir, "report.ndjson");
    await symlink(old, report);
    const handle = await openOutput(report, "--report", [
      { flag: "--input", given: input, key: await fileKey(input) },
    ]);
    await handle.write("fresh\n");
    await handle.close();
    expect(await readFile(old, "utf8")).toBe("fresh\n");
  });
});
