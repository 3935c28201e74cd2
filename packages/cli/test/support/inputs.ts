import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A new directory `name` under `root` holding `input.csv` of `rows` addresses ({@link writeEmailCsv}). */
export async function jobDir(
  root: string,
  name: string,
  rows: number,
): Promise<{ dir: string; input: string; text: string }> {
  const dir = join(root, name);
  await mkdir(dir);
  const input = join(dir, "input.csv");
  await writeEmailCsv(input, rows);
  return { dir, input, text: await readFile(input, "utf8") };
}

/** What an input file holds, by line number (1-based, header = line 1). */
export interface ExpectedRows {
  valid: Map<number, string>;
  invalid: Set<number>;
  duplicate: Set<number>;
}

/**
 * Writes a CSV `name,email,plan` of `rows` data rows where every 97th row is an invalid
 * address and every 89th repeats an earlier one; returns what each line should end as.
 */
export async function writeEmailCsv(path: string, rows: number): Promise<ExpectedRows> {
  const expected: ExpectedRows = { valid: new Map(), invalid: new Set(), duplicate: new Set() };
  const lines = ["name,email,plan"];
  let unique = 0;
  for (let row = 0; row < rows; row += 1) {
    const line = row + 2;
    let email: string;
    if (row % 97 === 13) {
      email = `broken-${row}.example.com`;
      expected.invalid.add(line);
    } else if (row % 89 === 7 && unique > 10) {
      email = `person${unique - 10}@example.com`;
      expected.duplicate.add(line);
    } else {
      email = `person${unique}@example.com`;
      unique += 1;
      expected.valid.set(line, email);
    }
    lines.push(`"Person ${row}",${email},basic`);
  }
  await writeFile(path, `${lines.join("\n")}\n`);
  return expected;
}

/** Reads an NDJSON file. */
export async function readNdjson<T = Record<string, unknown>>(path: string): Promise<T[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as T);
}

/** One line of the CLI's report, as tests read it. */
export interface ReportLine {
  line: number;
  id: string | null;
  type: string;
  outcome: "succeeded" | "invalid" | "duplicate" | "failed" | "not_sent";
  error: { code: string; message: string; status?: number } | null;
  resumed?: true;
  reason?: string;
}
