// Benchmark (not a test): what `--html` costs a real `set` against the Braze fake. The same
// input is sent by the BUILT bin without and with `--html` (per-second timeline from the
// runtime's hooks, a sample of the rows that did not succeed, the input's SHA-256 in a worker
// thread, the page rendered at the end), in interleaved rounds of the same run, so machine
// load hits both alike. Prints each round, the medians of wall time and of the child's CPU
// time (user + system, worker thread included: steadier than wall time on a shared machine)
// and their ratios.
//
//   node scripts/bench-job-page.mjs [--rows 100000] [--rounds 5]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startBrazeFake } from "@braze-subscriptions/testing";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    rounds: { type: "string", default: "5" },
  },
});
const rows = Number(values.rows);
const rounds = Number(values.rounds);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "braze-cli-bench-page-"));
const fake = await startBrazeFake({ rateLimit: false, maxLogEntries: 0 });

try {
  const input = join(dir, "input.csv");
  await generate(input, rows);
  console.log(`input: ${rows.toLocaleString("en-US")} rows; fake at ${fake.url}, no rate limit`);
  const base = [
    "set",
    "--group",
    "bench",
    "--state",
    "unsubscribed",
    "--input",
    input,
    "--base-url",
    fake.url,
    "--rate-limit",
    "1000000/1s",
    "--concurrency",
    "16",
    "--api-key",
    "bench-key",
    "--json",
    "--quiet",
  ];
  const page = join(dir, "page.html");
  const hook = join(dir, "cpu-hook.mjs");
  await writeFile(
    hook,
    'process.on("exit", () => { const u = process.resourceUsage(); process.stderr.write("\\ncpu-ms=" + (u.userCPUTime + u.systemCPUTime) / 1000 + "\\n"); });\n',
  );
  const times = { without: [], with: [] };
  const cpu = { without: [], with: [] };
  for (let round = 1; round <= rounds; round += 1) {
    // Alternate which goes first, so a trend in the machine's load does not favour one.
    const order = round % 2 ? ["without", "with"] : ["with", "without"];
    for (const kind of order) {
      fake.reset();
      const args = kind === "with" ? [...base, "--html", page] : base;
      const run = await timed(() => capture(process.execPath, ["--import", hook, bin, ...args]));
      if (run.value.code !== 0 && run.value.code !== 3)
        throw new Error(`set exited ${run.value.code}: ${run.value.stderr}`);
      const summary = JSON.parse(run.value.stdout);
      if (summary.total !== rows) throw new Error(`counted ${summary.total}, expected ${rows}`);
      const cpuMs = Number(/cpu-ms=([\d.]+)/.exec(run.value.stderr)?.[1]);
      times[kind].push(run.ms);
      cpu[kind].push(cpuMs);
      console.log(
        `round ${round} ${kind.padEnd(7)} --html: ${(run.ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU, ${summary.requests} requests`,
      );
    }
  }
  const without = median(times.without);
  const withHtml = median(times.with);
  console.log(`median without --html: ${(without / 1000).toFixed(2)} s`);
  console.log(`median with --html:    ${(withHtml / 1000).toFixed(2)} s`);
  console.log(`ratio with / without:  ${(withHtml / without).toFixed(3)}`);
  const cpuWithout = median(cpu.without);
  const cpuWith = median(cpu.with);
  console.log(
    `median CPU without / with --html: ${(cpuWithout / 1000).toFixed(2)} s / ${(cpuWith / 1000).toFixed(2)} s`,
  );
  console.log(`CPU ratio with / without: ${(cpuWith / cpuWithout).toFixed(3)}`);
  console.log(`page: ${((await stat(page)).size / 1024).toFixed(0)} KiB`);
} finally {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}

async function generate(path, count) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write("email,name\n");
  let chunk = "";
  for (let i = 0; i < count; i += 1) {
    const email =
      i % 1000 === 500
        ? `broken${i}.example.com`
        : i % 1000 === 900
          ? `user${i - 300}@example.com`
          : `user${i}@example.com`;
    chunk += `${email},User ${i}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
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
