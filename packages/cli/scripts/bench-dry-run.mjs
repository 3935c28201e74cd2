// Benchmark (not a test): generates a 10-million-line input in a temp dir and runs the BUILT
// bin's `set --dry-run` on it, measuring the child's peak RSS (getrusage via a preloaded
// hook, cross-checked with /usr/bin/time when present) and throughput. The baseline, measured
// in the same run, is `wc -l`-like raw reading of the same file by Node, so the ratio says
// what validation + de-duplication + CSV parsing cost over just reading the bytes.
//
// With --html, the dry run also writes its job page, whose size is printed.
//
//   node scripts/bench-dry-run.mjs [--rows 10000000] [--format csv|lines] [--html] [--keep]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

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
  const hook = join(dir, "max-rss-hook.mjs");
  await writeFile(
    hook,
    `process.on("exit", () => process.stderr.write("\\nmax-rss-kb=" + process.resourceUsage().maxRSS + "\\n"));\n`,
  );
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
  const useTime = existsSync("/usr/bin/time");
  const command = useTime ? "/usr/bin/time" : process.execPath;
  const commandArgs = useTime
    ? ["-v", process.execPath, "--import", hook, bin, ...args]
    : ["--import", hook, bin, ...args];
  const run = await timed(() => capture(command, commandArgs));

  const plan = JSON.parse(run.value.stdout);
  const hookKb = Number(/max-rss-kb=(\d+)/.exec(run.value.stderr)?.[1]);
  const timeKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.value.stderr)?.[1]);
  const peakMb = Math.max(hookKb || 0, timeKb || 0) / 1024;
  console.log(`plan: ${JSON.stringify(plan)}`);
  console.log(`baseline (read the bytes):  ${(baseline.ms / 1000).toFixed(2)} s`);
  console.log(
    `dry run:                    ${(run.ms / 1000).toFixed(2)} s = ${(run.ms / baseline.ms).toFixed(1)}× the baseline, ${Math.round(rows / (run.ms / 1000)).toLocaleString("en-US")} lines/s`,
  );
  console.log(
    `peak RSS:                   ${peakMb.toFixed(0)} MB (getrusage ${(hookKb / 1024).toFixed(0)} MB${useTime ? `, /usr/bin/time ${(timeKb / 1024).toFixed(0)} MB` : ""}); target < 200 MB: ${peakMb < 200 ? "OK" : "OVER"}`,
  );
  if (values.html) {
    const bytes = (await stat(page)).size;
    console.log(
      `job page:                   ${(bytes / 1024).toFixed(0)} KiB (${bytes.toLocaleString("en-US")} bytes); target < 2 MB: ${bytes < 2_000_000 ? "OK" : "OVER"}`,
    );
  }
  if (run.value.code !== 3 && run.value.code !== 0)
    throw new Error(`dry run exited ${run.value.code}: ${run.value.stderr}`);
  if (plan.total !== rows)
    throw new Error(`dry run counted ${plan.total} identifiers, expected ${rows}`);
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}

async function generate(path, count, format) {
  // About 1 in 1000 rows invalid and 1 in 1000 a duplicate, like a real suppression list.
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let invalid = 0;
  let duplicates = 0;
  if (format === "csv") out.write("email,name\n");
  let chunk = "";
  for (let i = 0; i < count; i += 1) {
    let email;
    if (i % 1000 === 500) {
      email = `broken${i}.example.com`;
      invalid += 1;
    } else if (i % 1000 === 900) {
      email = `user${i - 300}@example.com`;
      duplicates += 1;
    } else email = `user${i}@example.com`;
    chunk += format === "csv" ? `${email},User ${i}\n` : `${email}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return { invalid, duplicates };
}

async function readAll(path) {
  let lines = 0;
  for await (const buffer of createReadStream(path, { highWaterMark: 1 << 18 })) {
    for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}

function capture(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}
