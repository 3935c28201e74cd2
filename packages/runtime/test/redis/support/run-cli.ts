import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OutcomeRow } from "./run-worker.js";

/** One `braze-subscriptions set` run sharing the budget. */
export interface CliConfig {
  redisUrl: string;
  fakeUrl: string;
  apiKey: string;
  groupId: string;
  /** `--rate-limit`, e.g. `600/10s`. */
  rateLimit: string;
  prefix: string;
  count: number;
  /** A scratch directory for the input file and the report. */
  dir: string;
}

/** The exit code, the `--json` summary and every report line as an outcome row. */
export interface CliRun {
  code: number | null;
  summary: unknown;
  outcomes: OutcomeRow[];
}

/**
 * The built CLI's bin. `@braze-subscriptions/cli` depends on this package, so it cannot be a
 * dependency here; it is found through the workspace root, whose test task builds every
 * package first.
 */
function cliBin(): string {
  const require = createRequire(import.meta.url);
  const bin = join(
    dirname(require.resolve("@braze-subscriptions/cli/package.json")),
    "dist/bin.js",
  );
  if (!existsSync(bin)) throw new Error("packages/cli is not built: run `pnpm turbo run build`");
  return bin;
}

/** Runs `braze-subscriptions set --redis-url …` on `count` external ids, one per line. */
export async function runCliSet(config: CliConfig): Promise<CliRun> {
  const input = join(config.dir, "cli-ids.txt");
  const report = join(config.dir, "cli-report.ndjson");
  const ids = Array.from({ length: config.count }, (_, i) => `${config.prefix}-${i}`);
  await writeFile(input, `${ids.join("\n")}\n`);
  const child = spawn(
    process.execPath,
    [
      cliBin(),
      "set",
      "--group",
      config.groupId,
      "--state",
      "subscribed",
      "--input",
      input,
      "--type",
      "external_id",
      "--base-url",
      config.fakeUrl,
      "--rate-limit",
      config.rateLimit,
      "--redis-url",
      config.redisUrl,
      "--report",
      report,
      "--json",
      "--quiet",
    ],
    { env: { ...process.env, BRAZE_API_KEY: config.apiKey }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  let summary: unknown;
  try {
    summary = JSON.parse(stdout);
  } catch {
    throw new Error(`the CLI exited with ${code} without a JSON summary: ${stderr.trim()}`);
  }
  const lines = (await readFile(report, "utf8")).split("\n").filter((line) => line !== "");
  const outcomes = lines.map((line): OutcomeRow => {
    const parsed = JSON.parse(line) as {
      id: string;
      outcome: string;
      error: { code: string } | null;
    };
    return [parsed.id, parsed.outcome, parsed.error?.code ?? null];
  });
  return { code, summary, outcomes };
}
