// Benchmark (not a test): generates a 10-million-line input in a temp dir and runs the BUILT
// bin's `set --dry-run` on it, measuring the child's peak RSS (getrusage via a preloaded
// hook, cross-checked with /usr/bin/time when present) and throughput. The baseline, measured
// in the same run, is `wc -l`-like raw reading of the same file by Node, so the ratio says
// what validation + de-duplication + CSV parsing cost over just reading the bytes.
//
// With --html, the dry run also writes its job page, whose size is printed.
//
//   node scripts/bench-dry-run.mjs [--rows 10000000] [--format csv|lines] [--html] [--keep]
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generate, runMeasured, timed } from "./bench-support.mjs";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    format: { type: "string", default: "csv" },
    keep: { type: "boolean" },
    html: { type: "boolean" },
  },
});
const rows = Number(values.rows);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "braze-cli-bench-"));
const input = join(dir, values.format === "csv" ? "input.csv" : "input.txt");

try {
  const generated = await generate(input, rows, values.format);
  const size = (await stat(input)).size;
  console.log(
    `input: ${rows.toLocaleString("en-US")} lines (${(size / 2 ** 20).toFixed(0)} MiB, ${values.format}); ${generated.invalid} invalid, ${generated.duplicates} duplicates`,
  );

  const baseline = await timed(() => readAll(input));
  const args = [
    "set",
    "--group",
    "bench",
    "--state",
    "unsubscribed",
    "--input",
    input,
    "--dry-run",
    "--json",
    "--quiet",
  ];
  if (values.format === "lines") args.push("--type", "email");
  const page = join(dir, "page.html");
  if (values.html) args.push("--html", page);
  const run = await runMeasured(bin, args, { dir });
  const plan = JSON.parse(run.stdout);
  const peakMb = run.peakMb;
  console.log(`plan: ${JSON.stringify(plan)}`);
  console.log(`baseline (read the bytes):  ${(baseline.ms / 1000).toFixed(2)} s`);
  console.log(
    `dry run:                    ${(run.ms / 1000).toFixed(2)} s = ${(run.ms / baseline.ms).toFixed(1)}× the baseline, ${Math.round(rows / (run.ms / 1000)).toLocaleString("en-US")} lines/s`,
  );
  console.log(
    `peak RSS:                   ${peakMb.toFixed(0)} MB (getrusage ${run.hookMb.toFixed(0)} MB${run.timeMb === undefined ? "" : `, /usr/bin/time ${run.timeMb.toFixed(0)} MB`}); target < 200 MB: ${peakMb < 200 ? "OK" : "OVER"}`,
  );
  if (values.html) {
    const bytes = (await stat(page)).size;
    console.log(
      `job page:                   ${(bytes / 1024).toFixed(0)} KiB (${bytes.toLocaleString("en-US")} bytes); target < 2 MB: ${bytes < 2_000_000 ? "OK" : "OVER"}`,
    );
  }
  if (run.code !== 3 && run.code !== 0)
    throw new Error(`dry run exited ${run.code}: ${run.stderr}`);
  if (plan.total !== rows)
    throw new Error(`dry run counted ${plan.total} identifiers, expected ${rows}`);
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}

async function readAll(path) {
  let lines = 0;
  for await (const buffer of createReadStream(path, { highWaterMark: 1 << 18 })) {
    for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}
