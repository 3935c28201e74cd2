import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** Counts the lines of a `--report` file by outcome. */
export async function countOutcomes(
  path: string,
): Promise<{ lines: number } & Record<string, number>> {
  const counts: { lines: number } & Record<string, number> = {
    lines: 0,
    succeeded: 0,
    invalid: 0,
    duplicate: 0,
    failed: 0,
  };
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (line === "") continue;
    const { outcome } = JSON.parse(line) as { outcome: string };
    counts.lines += 1;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}
