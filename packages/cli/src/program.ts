import { integerFlag } from "@braze-subscriptions/option-checks";
import { Command, CommanderError, Option } from "commander";
import { addCommandHelp, type CommandHelp, renderHelp, setEnvironment } from "./command-help.js";
import { loadOptional, optionalPeers } from "./commands/load-optional.js";
import { runSet } from "./commands/run-set.js";
import { runValidate } from "./commands/run-validate.js";
import { UsageError } from "./errors.js";
import { type ExitCodeValue, exitCodeRows } from "./exit-codes.js";
import { IDENTIFIER_TYPES } from "./input/identifier-type.js";
import type { CliIo } from "./io.js";
import { resolveSetOptions, type SetCommandOptions } from "./options/set-options.js";
import { DEFAULT_PROGRESS_INTERVAL_MS } from "./progress/progress-display.js";
import { runStatus, type StatusCommandOptions } from "./status/run-status.js";
import { runVerify } from "./verify/run-verify.js";
import { resolveVerifyOptions, type VerifyCommandOptions } from "./verify/verify-options.js";

/**
 * Declares the commands and their flags. `mock`, `docs` and `demo` load their modules on use,
 * so `set` and `validate` start without the fake's or the docs' code. Each action stores its exit code through `done`;
 * flag checks that commander cannot express live in the `resolve*` functions, whose
 * `TypeError`s become usage errors (exit 2).
 */
export function buildProgram(
  io: CliIo,
  version: string,
  done: (code: ExitCodeValue) => void,
  /** The command line being parsed, for the job page (`--html`), which masks its secrets. */
  argv: readonly string[] = [],
): Command {
  const program = new CliCommand("braze-subscriptions")
    .description(
      "Bulk subscription changes for Braze's POST /subscription/status/set, from a file.",
    )
    .version(version, "-V, --version")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed once, on one line, by runCli.
      outputError: () => {},
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      "\nRun `braze-subscriptions <command> --help` for its examples, environment variables and exit codes.",
    );

  const set = program
    .command("set")
    .description("set the subscription state of every identifier in a file")
    .option(
      "--group <id>",
      "subscription group id (required, unless the CSV has a group column: then the default)",
    )
    .addOption(
      new Option(
        "--state <state>",
        "state to set (required, unless the CSV has a state column: then the default)",
      ).choices(["subscribed", "unsubscribed"]),
    )
    .option(
      "--input <file>",
      "CSV with a header, or one identifier per line with --type; - for stdin (required)",
    )
    .addOption(
      new Option("--type <type>", "identifier type; without --column: one per line").choices(
        IDENTIFIER_TYPES,
      ),
    )
    .option("--column <name>", "CSV column to read when several identifier columns exist")
    .option("--delimiter <char>", "CSV field delimiter, or tab (default: sniffed: , ; or tab)")
    .addOption(apiKeyOption())
    .addOption(instanceOption())
    .addOption(baseUrlOption())
    .option(
      "--rate-limit <n/interval>",
      "request budget, e.g. 600/10s or 20/1m (default: the spec's)",
    )
    .addOption(
      new Option("--redis-url <url>", "share the budget with every process using this Redis").env(
        "BRAZE_REDIS_URL",
      ),
    )
    .option(
      "--share <fraction>",
      "take at most this fraction of the budget, leaving the rest to other services (default: 1)",
    )
    .option("--double-opt-in", "send use_double_opt_in_logic (SMS groups, subscribing)")
    .option(
      "--max-retries <n>",
      "retries per request after the first attempt (default: the runtime's)",
    )
    .option(
      "--timeout <duration>",
      "timeout of each request, e.g. 30s or 500ms (default: the runtime's)",
    )
    .option("--concurrency <n>", "requests in flight at most (default: the runtime's)")
    .option("--dry-run", "validate and plan only; send nothing (no key needed)")
    .option(
      "--report <file>",
      "write one line per input identifier: NDJSON, or CSV when the file ends in .csv",
    )
    .option("--failed-only", "with --report: only the rows that did not succeed")
    .option("--checkpoint <file>", "save progress; rerunning the same command resumes")
    .option("--html <file.html>", "write a self-contained page of the job when it ends")
    .option("--json", "print the summary as one JSON object on stdout")
    .option(
      "--progress-interval <duration>",
      "time between progress lines when stderr is not a terminal, e.g. 10s",
      String(DEFAULT_PROGRESS_INTERVAL_MS),
    )
    .option("--quiet", "no progress output")
    .option("--verbose", "log each request's operation, status and latency on stderr")
    .option("--limit <n>", "send only the first n valid identifiers; the rest are not_sent")
    .option(
      "--max-failures <n|p%>",
      "stop (exit 4) once more than n identifiers, or p% of the rows, failed",
    )
    .option(
      "--fail-fast-after <n>",
      "stop (exit 4) after n identical refusals in a row, once a request succeeded (default: the runtime's)",
    )
    .option("--no-preflight", "do not read the key, instance and group before the first write")
    .option("--yes", "do not ask for confirmation on a terminal")
    .option(
      "--skip-unchanged",
      "read current states first (read budget); send only those that would change",
    )
    .action(async (options: SetCommandOptions) => {
      done(
        await runSet(
          resolve(() => resolveSetOptions(options, io.env)),
          io,
          argv,
        ),
      );
    });

  addCommandHelp(set, {
    examples: [
      "export BRAZE_API_KEY=…  BRAZE_INSTANCE=EU-01",
      "braze-subscriptions set --group 3f1c… --state unsubscribed --input optouts.csv --dry-run   # plan, send nothing",
      "braze-subscriptions set --group 3f1c… --state unsubscribed --input optouts.csv \\",
      "  --report optouts.report.ndjson --checkpoint optouts.checkpoint                     # rerun to resume",
      "braze-subscriptions set … --report optouts.report.ndjson --html optouts.html         # + an offline page of the job",
      "cut -d, -f2 export.csv | braze-subscriptions set --group 3f1c… --state subscribed --type email --input -",
      "braze-subscriptions set --input changes.csv --report changes.csv.report.csv   # email,group,state columns: many groups",
    ],
    environment: setEnvironment,
    exitCodes: exitCodeRows(0, 3, 4, 2, 1, 130, 143),
  });

  const verify = program
    .command("verify")
    .description("read back each identifier's state and compare it with --state")
    .option("--group <id>", "subscription group id (required)")
    .addOption(
      new Option("--state <state>", "the state every line should have (required)").choices([
        "subscribed",
        "unsubscribed",
      ]),
    )
    .option("--input <file>", "the same input forms as set; - for stdin")
    .option("--from-report <file.ndjson>", "read back the succeeded lines of a set report instead")
    .addOption(
      new Option("--type <type>", "identifier type; without --column: one per line").choices(
        IDENTIFIER_TYPES,
      ),
    )
    .option("--column <name>", "CSV column to read when several identifier columns exist")
    .option("--delimiter <char>", "CSV field delimiter, or tab (default: sniffed: , ; or tab)")
    .addOption(apiKeyOption())
    .addOption(instanceOption())
    .addOption(baseUrlOption())
    .addOption(
      new Option("--redis-url <url>", "share the budget with every process using this Redis").env(
        "BRAZE_REDIS_URL",
      ),
    )
    .option("--max-retries <n>", "retries per request after the first attempt")
    .option("--timeout <duration>", "timeout of each request, e.g. 30s or 500ms")
    .option("--concurrency <n>", "reads in flight at most")
    .option(
      "--rate-limit <n/interval>",
      "read budget, e.g. 1000/1m (default: the spec's read limit)",
    )
    .option(
      "--settle <duration>",
      "re-read lines that differ or are unknown for this long, e.g. 10s",
    )
    .option("--report <file>", "write one line per input line: NDJSON, or CSV for *.csv")
    .option("--html <file.html>", "write a self-contained page of the job when it ends")
    .option("--json", "print the summary as one JSON object on stdout")
    .option("--quiet", "no progress output")
    .option("--verbose", "log each request's operation, status and latency on stderr")
    .action(async (options: VerifyCommandOptions) => {
      done(
        await runVerify(
          resolve(() => resolveVerifyOptions(options, io.env)),
          io,
          argv,
        ),
      );
    });
  addCommandHelp(verify, {
    examples: [
      "braze-subscriptions verify --group 3f1c… --state unsubscribed --input optouts.csv",
      "braze-subscriptions verify --group 3f1c… --state unsubscribed --from-report optouts.report.ndjson --settle 1m --json",
    ],
    environment: setEnvironment,
    exitCodes: [
      [0, "every line matches --state"],
      [3, "some line differs, is unknown, invalid or failed (see the report)"],
      ...exitCodeRows(2, 1),
    ],
  });

  const status = program
    .command("status")
    .description("one user's subscription groups (GET /subscription/user/status)")
    .argument("<identifier>", "an external id, an email address or a phone number")
    .addOption(
      new Option("--type <type>", "identifier type (default: guessed from the identifier)").choices(
        IDENTIFIER_TYPES,
      ),
    )
    .addOption(apiKeyOption())
    .addOption(instanceOption())
    .addOption(baseUrlOption())
    .option("--json", "print Braze's answer as JSON")
    .action(async (identifier: string, options: StatusCommandOptions) => {
      done(await runStatus(identifier, options, io));
    });
  addCommandHelp(status, {
    examples: [
      "braze-subscriptions status ann@example.com",
      "braze-subscriptions status user-42 --type external_id --json",
    ],
    environment: setEnvironment,
    exitCodes: [
      [0, "Braze answered (a table, or JSON)"],
      [3, "Braze refused the request"],
      ...exitCodeRows(2, 1),
    ],
  });

  const validate = program
    .command("validate")
    .description("validate a request body (JSON) with the validators generated from the spec")
    .argument("<body>", "a JSON file, or - for stdin")
    .option("--json", "print {valid, errors} as JSON")
    .action(async (body: string, options: { json?: boolean }) => {
      done(await runValidate(body, options, io));
    });
  addCommandHelp(validate, {
    examples: [
      "braze-subscriptions validate body.json            # issues, one per line",
      "echo '{…}' | braze-subscriptions validate - --json  # {valid, errors} on stdout",
    ],
    exitCodes: [
      [0, "the body is valid"],
      [3, "the body is invalid (issues printed)"],
      ...exitCodeRows(2, 1),
    ],
  });

  const report = program
    .command("report")
    .description("a job's counts from its NDJSON report, or its self-contained page with --html")
    .argument("<report.ndjson>", "a report written by set --report or verify --report")
    .option("--html <file.html>", "write the job's page there (without it: print the counts)")
    .action(async (reportPath: string, options: { html?: string }) => {
      const { runReport } = await import("./commands/run-report.js");
      done(await runReport(reportPath, options, io));
    });
  addCommandHelp(report, {
    examples: [
      "braze-subscriptions report job.report.ndjson               # counts per outcome",
      "braze-subscriptions report job.report.ndjson --html job.html  # the job page",
    ],
    exitCodes: [[0, "the counts were printed, or the page written"], ...exitCodeRows(2, 1)],
  });

  // The fake's flags are read by the fake's own parser (the `braze-fake` bin's): commander
  // hands them over as they are, `--help` included.
  const mockHelp = {
    examples: [
      "braze-subscriptions mock --port 4010                      # prints http://127.0.0.1:4010",
      "braze-subscriptions mock --rate-limit 100/1s --faults 500=0.05,reset=0.01 --seed 7",
      "BRAZE_REST_URL=http://127.0.0.1:4010 braze-subscriptions set …   # in another shell",
    ],
    exitCodes: [[0, "stopped by SIGINT or SIGTERM"], ...exitCodeRows(2, 1)],
  } satisfies CommandHelp;
  program
    .command("mock")
    .description("run the local Braze fake until stopped; prints its URL (the braze-fake flags)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[flags...]", "the flags of the braze-fake bin (mock --help lists them)")
    .action(async (flags: string[]) => {
      const { runMock } = await loadOptional("mock", () => import("./commands/run-mock.js"), [
        optionalPeers.testing,
      ]);
      done(await runMock(flags, io, renderHelp(mockHelp)));
    });

  const docs = program
    .command("docs")
    .description("serve the rendered API docs; prints the URL")
    .option("--port <n>", "port, 0 for a free one", "0")
    .action(async (options: { port?: string }) => {
      const { runDocs } = await loadOptional("docs", () => import("./commands/run-docs.js"), [
        optionalPeers.docs,
      ]);
      done(await runDocs(options, io));
    });
  addCommandHelp(docs, {
    examples: ["braze-subscriptions docs --port 8080   # prints the URL; Ctrl-C stops it"],
    exitCodes: [[0, "stopped by SIGINT or SIGTERM"], ...exitCodeRows(2, 1)],
  });

  const demo = program
    .command("demo")
    .description(
      "start the fake, generate a file of addresses and run set on it with a progress bar",
    )
    .option("--rows <n>", "addresses to generate", "100000")
    .option(
      "--dir <path>",
      "where to write the input and the report (default: a temporary directory)",
    )
    .action(async (options: { rows: string; dir?: string }) => {
      const rows = resolve(() => integerFlag(options.rows, "--rows", 1));
      const { runDemo } = await import("./demo/load-demo.js");
      done(await runDemo({ rows, ...(options.dir === undefined ? {} : { dir: options.dir }), io }));
    });
  addCommandHelp(demo, {
    examples: [
      "braze-subscriptions demo                      # 100,000 addresses through the fake",
      "braze-subscriptions demo --rows 1000 --dir .  # keep the input and the report here",
    ],
    exitCodes: exitCodeRows(0, 3, 2, 1),
  });

  return program;
}

/**
 * A commander `Command` whose "unknown option" error never repeats the value of a mistyped
 * `--flag=value` (`--apikey=<the key>` would otherwise be printed whole) and still suggests the
 * flag meant: commander compares the whole `--flag=value` with its flags, so it is handed the
 * name alone and the value is shown as `…`.
 */
class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  /** Called by commander's parser (a method its typings leave out). */
  unknownOption(flag: string): void {
    const base = (Command.prototype as unknown as { unknownOption(flag: string): void })
      .unknownOption;
    const at = flag.indexOf("=");
    const name = at < 0 ? flag : flag.slice(0, at);
    try {
      base.call(this, name);
    } catch (error) {
      if (error instanceof CommanderError && at >= 0)
        error.message = error.message.replace(`'${name}'`, `'${name}=…'`);
      throw error;
    }
  }
}

/** `--api-key`, `--instance` and `--base-url`: where requests go, alike for set, verify and status. */
const apiKeyOption = () =>
  new Option("--api-key <key>", "REST API key (prefer the env: argv is visible to ps)").env(
    "BRAZE_API_KEY",
  );
const instanceOption = () =>
  new Option(
    "--instance <name>",
    "Braze instance, e.g. US-01 or EU-01 (default: env, see Environment)",
  );
const baseUrlOption = () =>
  new Option(
    "--base-url <url>",
    "REST base URL instead of --instance (default: env, see Environment)",
  );

function resolve<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
