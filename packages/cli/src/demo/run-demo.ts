import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { operationMetadata } from "@braze-subscriptions/client";
import { docsIndexHtml } from "@braze-subscriptions/docs";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { runSet } from "../commands/run-set.js";
import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { describeFsError } from "../files/fs-error.js";
import { makeDirectory } from "../files/make-directory.js";
import type { CliIo } from "../io.js";
import { formatRateLimit } from "../options/rate-limit.js";
import { resolveSetOptions, type SetCommandOptions } from "../options/set-options.js";
import { runVerify } from "../verify/run-verify.js";
import { resolveVerifyOptions, type VerifyCommandOptions } from "../verify/verify-options.js";
import { countOutcomes } from "./count-outcomes.js";
import { generateDemoInput } from "./generate-demo-input.js";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Addresses to generate. @default 100000 */
  rows?: number;
  /** Where the input and the report go. @default a new directory under the OS temp dir */
  dir?: string;
  /**
   * How much faster than the spec's rate limit the fake (and the CLI) run, so the demo takes
   * seconds, not minutes.
   * @default 4
   */
  speedUp?: number;
  /** Where output goes. @default the process's streams and environment */
  io?: CliIo;
}

const GROUP = "demo-email-group";
/** The one key the demo's fake accepts (a local fake: not a secret). */
const DEMO_KEY = "demo-api-key";
/** How late the demo's fake shows writes to reads (Braze documents no bound). */
const APPLY_DELAY_MS = 2_000;

/**
 * The demo the root main job ends with: starts the Braze fake, writes a CSV of addresses
 * (some invalid, some duplicated), runs `braze-subscriptions set` on it with a progress bar,
 * checks the fake's state against the report, reads it back with `verify`, and says where
 * the report, the job page and the docs are. `set` and `verify` are called as functions, with
 * the flags a user would type (checked by the same `resolve*Options`); the equivalent command
 * lines are printed. Resolves with 0 when everything went as expected, 130 or 143 when a
 * signal stopped it (nothing more is run or checked), else 1; rejects with the command's
 * `CliError` when `set` or `verify` cannot run.
 */
export async function runDemo(options: DemoOptions = {}): Promise<ExitCodeValue> {
  const io = options.io ?? {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
  const rows = options.rows ?? 100_000;
  const speedUp = options.speedUp ?? 4;
  if (!Number.isSafeInteger(rows) || rows < 1) {
    throw new TypeError(
      `runDemo: option "rows" must be a positive integer, got ${String(options.rows)}`,
    );
  }
  if (!(typeof speedUp === "number" && speedUp > 0 && Number.isFinite(speedUp))) {
    throw new TypeError(
      `runDemo: option "speedUp" must be a positive number, got ${String(options.speedUp)}`,
    );
  }
  const say = (text = "") => io.stdout.write(`${text}\n`);
  const spec = operationMetadata.setSubscriptionStatus.rateLimit;
  const rule = { limit: spec.limit, intervalMs: Math.round(spec.intervalMs / speedUp) };
  // Reads have a budget of their own (the spec's read x-rate-limit), sped up alike.
  const readSpec = operationMetadata.getSubscriptionStatus.rateLimit;
  const readRule = { limit: readSpec.limit, intervalMs: Math.round(readSpec.intervalMs / speedUp) };

  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "braze-subscriptions-demo-")));
  try {
    await makeDirectory(dir);
  } catch (error) {
    // A --dir that names a file was "unexpected error: EEXIST …", exit 1.
    const reason =
      (error as NodeJS.ErrnoException).code === "EEXIST"
        ? "it exists and is not a directory"
        : describeFsError(error);
    throw new UsageError(`--dir ${dir}: cannot use it: ${reason}`, { cause: error });
  }
  const input = join(dir, "addresses.csv");
  const report = join(dir, "report.ndjson");
  const page = join(dir, "report.html");
  const verifyPage = join(dir, "verify.html");
  let generated: Awaited<ReturnType<typeof generateDemoInput>>;
  try {
    generated = await generateDemoInput(input, rows);
  } catch (error) {
    throw new UsageError(`cannot write the demo's input ${input}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  const fake = await startBrazeFake({
    rateLimit: { buckets: { [spec.bucket]: rule, [readSpec.bucket]: readRule } },
    apiKeys: [DEMO_KEY],
    maxLogEntries: 0,
    // Like Braze, the fake applies writes asynchronously: reads see them this late.
    applyDelayMs: APPLY_DELAY_MS,
  });
  try {
    say(
      `Demo: unsubscribing ${rows.toLocaleString("en-US")} addresses (${generated.invalid} invalid, ${generated.duplicates} duplicated rows)`,
    );
    say(`  input   ${input}`);
    say(`  fake    ${fake.url} (the local Braze fake)`);
    say(
      `  rate    ${formatRateLimit(rule)}: the spec's ${spec.limit} requests per ${spec.intervalMs / 1_000}s sped up ${speedUp}× for the demo`,
    );
    say();
    const env = { ...io.env, BRAZE_API_KEY: DEMO_KEY };
    const commandIo = { ...io, env };
    const setFlags: SetCommandOptions = {
      group: GROUP,
      state: "unsubscribed",
      input,
      baseUrl: fake.url,
      rateLimit: formatRateLimit(rule),
      report,
      html: page,
      progressInterval: "1s",
      // The demo runs unattended: show the start block, but do not wait for a yes.
      yes: true,
    };
    const setArgv = commandLine("set", setFlags);
    say(`$ braze-subscriptions ${setArgv.join(" ")}`);
    const code = await runSet(resolveSetOptions(setFlags, env), commandIo, setArgv);
    // Ctrl-C stops the demo, not only its set: it used to go on to "DOES NOT match the
    // report" and a verify settling for 30 s, then exit 1.
    if (stoppedBy(code)) return stopped(say, code, report);

    const outcomes = await countOutcomes(report);
    const inFake = fake.state
      .list(GROUP)
      .filter((record) => record.state === "unsubscribed").length;
    const matches =
      inFake === outcomes.succeeded &&
      outcomes.succeeded === rows - generated.invalid - generated.duplicates;
    say();
    say(
      `Report ${report}: ${outcomes.lines.toLocaleString("en-US")} lines (${describeCounts(outcomes)})`,
    );
    say(
      `The fake now holds ${inFake.toLocaleString("en-US")} unsubscribed addresses: ${matches ? "matches the report" : "DOES NOT match the report"}`,
    );
    say();
    say(
      `Reading it back: the fake shows writes ${APPLY_DELAY_MS / 1_000} s late, as Braze applies them asynchronously`,
    );
    // No --group nor --state: the report's job record names the set job's.
    const verifyFlags: VerifyCommandOptions = {
      fromReport: report,
      baseUrl: fake.url,
      rateLimit: formatRateLimit(readRule),
      settle: "30s",
      html: verifyPage,
      quiet: true,
    };
    const verifyArgv = commandLine("verify", verifyFlags);
    say(`$ braze-subscriptions ${verifyArgv.join(" ")}`);
    const verified = await runVerify(resolveVerifyOptions(verifyFlags, env), commandIo, verifyArgv);
    if (stoppedBy(verified)) return stopped(say, verified, report);
    say();
    say(`Job page: ${page} (open it in a browser; it works offline)`);
    say(`Verify page: ${verifyPage}`);
    say(`API docs: ${docsLocation()} (or run: braze-subscriptions docs)`);
    // Exit 3 is set's honest answer for a file with invalid rows; that is the expected result.
    return matches &&
      (code === ExitCode.incomplete || code === ExitCode.ok) &&
      verified === ExitCode.ok
      ? ExitCode.ok
      : ExitCode.unexpected;
  } finally {
    await fake.close();
  }
}

/** Whether a command's exit code says a signal stopped it (130 SIGINT, 143 SIGTERM). */
function stoppedBy(code: ExitCodeValue): code is 130 | 143 {
  return code === ExitCode.interrupted || code === ExitCode.terminated;
}

/** Ends a demo a signal stopped: no check of a job that did not finish, the signal's code. */
function stopped(say: (text?: string) => void, code: 130 | 143, report: string): 130 | 143 {
  say();
  say(
    `Demo stopped by ${code === ExitCode.interrupted ? "SIGINT" : "SIGTERM"}; the report so far: ${report}`,
  );
  return code;
}

/** The command line that passes `flags` (for the reader, and for the job page). */
function commandLine(command: string, flags: object): string[] {
  return [
    command,
    ...Object.entries(flags).flatMap(([name, value]) => {
      const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return value === true ? [flag] : [flag, String(value)];
    }),
  ];
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([name]) => name !== "lines")
    .map(([name, count]) => `${count.toLocaleString("en-US")} ${name}`)
    .join(", ");
}

function docsLocation(): string {
  return relative(process.cwd(), docsIndexHtml);
}
