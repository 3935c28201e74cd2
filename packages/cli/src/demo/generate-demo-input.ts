import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** What {@link generateDemoInput} wrote. */
export interface DemoInput {
  /** Data rows written (the header excluded). */
  rows: number;
  /** Rows with an address no validator accepts. */
  invalid: number;
  /** Rows repeating an earlier address. */
  duplicates: number;
}

/**
 * Writes a CSV `email,name` of `rows` addresses where about 1 row in 100 is invalid and about
 * 1 in 100 repeats an earlier address: the mess a real suppression list has. Deterministic,
 * so two demos print the same counts.
 */
export async function generateDemoInput(path: string, rows: number): Promise<DemoInput> {
  const out = createWriteStream(path);
  let invalid = 0;
  let duplicates = 0;
  let unique = 0;
  out.write("email,name\n");
  for (let row = 0; row < rows; row += 1) {
    let email: string;
    if (row % 100 === 37) {
      email = row % 200 === 37 ? `user${row}.example.com` : `user${row}@`;
      invalid += 1;
    } else if (row % 100 === 71 && unique > 0) {
      email = `user${Math.floor(unique / 2)}@example.com`;
      duplicates += 1;
    } else {
      email = `user${unique}@example.com`;
      unique += 1;
    }
    if (!out.write(`${email},Demo User ${row}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { rows, invalid, duplicates };
}
