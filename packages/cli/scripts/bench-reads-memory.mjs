// Benchmark (not a test): peak memory of the commands that read back from Braze, against the
// local fake. Generates a file of distinct external ids (1 in 1000 a duplicate), starts the
// BUILT bin's `mock --rate-limit off`, and runs `verify` or `set --skip-unchanged` on it with a
// report (and a checkpoint for `set`), measuring the child's peak RSS like bench:dry-run. The
// fake starts empty: `verify` finds every id `unknown`; `--skip-unchanged` reads every id and
// then writes them all, the heaviest path (reads and writes streaming together).
//
// `verify` reads at `--rate-limit` (its read budget). `set --skip-unchanged` reads on the
// spec's read budget (250,000 requests/hour, about 3,500 ids/s), which no flag lifts: 10M
// lines take about 50 minutes, as against Braze.
//
//   node scripts/bench-reads-memory.mjs [--command verify|skip-unchanged] [--rows 10000000] [--keep]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generate, runMeasured } from "./bench-support.mjs";

const { values } = parseArgs({
  options: {
    command: { type: "string", default: "verify" },
    rows: { type: "string", default: "10000000" },
    keep: { type: "boolean" },
  },
});
if (values.command !== "verify" && values.command !== "skip-unchanged")
  throw new Error(`--command is verify or skip-unchanged, got ${values.command}`);
const rows = Number(values.rows);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "braze-cli-bench-reads-"));
const input = join(dir, "ids.txt");
const mock = spawn(process.execPath, [bin, "mock", "--rate-limit", "off"], {
  stdio: ["ignore", "pipe", "inherit"],
});

try {
  const generated = await generate(input, rows, "ids");
  const size = (await stat(input)).size;
  console.log(
    `input: ${rows.toLocaleString("en-US")} external ids (${(size / 2 ** 20).toFixed(0)} MiB); ${generated.duplicates} duplicates`,
  );
  const [url] = await once(createInterface({ input: mock.stdout }), "line");
  const common = [
    "--group",
    "bench",
    "--state",
    "unsubscribed",
    "--input",
    input,
    "--type",
    "external_id",
    "--concurrency",
    "16",
    "--report",
    join(dir, "report.ndjson"),
    "--json",
    "--quiet",
  ];
  const args =
    values.command === "verify"
      ? ["verify", ...common, "--rate-limit", "1000000/1s"]
      : [
          "set",
          ...common,
          "--rate-limit",
          "1000000/1s",
          "--skip-unchanged",
          "--checkpoint",
          join(dir, "checkpoint"),
          "--yes",
        ];
  const run = await runMeasured(bin, args, {
    dir,
    env: { BRAZE_API_KEY: "bench-key", BRAZE_REST_URL: url },
  });
  console.log(`${values.command}: exit ${run.code}, summary ${run.stdout.trim()}`);
  console.log(
    `wall: ${(run.ms / 1000).toFixed(0)} s; peak RSS: ${run.peakMb.toFixed(0)} MB (getrusage ${run.hookMb.toFixed(0)} MB${run.timeMb === undefined ? "" : `, /usr/bin/time ${run.timeMb.toFixed(0)} MB`})`,
  );
  const summary = JSON.parse(run.stdout);
  if (summary.total !== rows)
    throw new Error(
      `${values.command} reported ${summary.total} lines, expected ${rows}: ${run.stderr}`,
    );
} finally {
  mock.kill("SIGTERM");
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
