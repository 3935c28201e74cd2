// Shared by the bench scripts (not tests): input generation, a child run with its peak RSS,
// and timing.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes `count` identifier lines to `path`: `csv` (`email,name` with a header), `lines` (one
 * email per line) or `ids` (one external id per line). About 1 in 1000 rows is invalid and 1
 * in 1000 a duplicate, like a real suppression list (`ids` has duplicates only: any text is a
 * valid external id).
 */
export async function generate(path, count, format) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let invalid = 0;
  let duplicates = 0;
  if (format === "csv") out.write("email,name\n");
  let chunk = "";
  for (let i = 0; i < count; i += 1) {
    let id;
    if (format === "ids") {
      if (i % 1000 === 900) {
        id = `user-${i - 300}`;
        duplicates += 1;
      } else id = `user-${i}`;
    } else if (i % 1000 === 500) {
      id = `broken${i}.example.com`;
      invalid += 1;
    } else if (i % 1000 === 900) {
      id = `user${i - 300}@example.com`;
      duplicates += 1;
    } else id = `user${i}@example.com`;
    chunk += format === "csv" ? `${id},User ${i}\n` : `${id}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return { invalid, duplicates };
}

/**
 * Runs the built bin with `args` (and `env` added) and measures its peak RSS: getrusage from a
 * hook preloaded into the child, cross-checked with `/usr/bin/time -v` when present. `dir` is
 * a scratch directory for the hook.
 */
export async function runMeasured(bin, args, { dir, env = {} }) {
  const hook = join(dir, "max-rss-hook.mjs");
  await writeFile(
    hook,
    `process.on("exit", () => process.stderr.write("\\nmax-rss-kb=" + process.resourceUsage().maxRSS + "\\n"));\n`,
  );
  const useTime = existsSync("/usr/bin/time");
  const command = useTime ? "/usr/bin/time" : process.execPath;
  const commandArgs = useTime
    ? ["-v", process.execPath, "--import", hook, bin, ...args]
    : ["--import", hook, bin, ...args];
  const run = await timed(() => capture(command, commandArgs, env));
  const hookKb = Number(/max-rss-kb=(\d+)/.exec(run.value.stderr)?.[1]);
  const timeKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.value.stderr)?.[1]);
  return {
    ...run.value,
    ms: run.ms,
    peakMb: Math.max(hookKb || 0, timeKb || 0) / 1024,
    hookMb: hookKb / 1024,
    timeMb: useTime ? timeKb / 1024 : undefined,
  };
}

/** Runs `command` to its end, collecting stdout and stderr. */
export function capture(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Awaits `fn` and says how long it took. */
export async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}
