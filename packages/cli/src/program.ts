import { integerFlag } from "@braze-subscriptions/option-checks";
import { Command, CommanderError } from "commander";
import { addCommandHelp, type CommandHelp, renderHelp, setEnvironment } from "./command-help.js";
import { loadOptional, optionalPeers } from "./commands/load-optional.js";
import { runSet } from "./commands/run-set.js";
import { runValidate } from "./commands/run-validate.js";
import { UsageError } from "./errors.js";
import { type ExitCodeValue, exitCodeRows, verifyExitCodeMeanings } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { addFlags } from "./options/flag-table.js";
import { resolveSetOptions, type SetCommandOptions, setFlags } from "./options/set-options.js";
import { runStatus, type StatusCommandOptions, statusFlags } from "./status/run-status.js";
import { runVerify } from "./verify/run-verify.js";
import {
  resolveVerifyOptions,
  type VerifyCommandOptions,
  verifyFlags,
} from "./verify/verify-options.js";

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

  const set = addFlags(
    program.command("set").description("set the subscription state of every identifier in a file"),
    setFlags,
  ).action(async (options: SetCommandOptions) => {
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

  const verify = addFlags(
    program
      .command("verify")
      .description("read back each identifier's state and compare it with --state"),
    verifyFlags,
  ).action(async (options: VerifyCommandOptions) => {
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
      "braze-subscriptions verify --from-report optouts.report.ndjson --settle 1m --json   # the set job's group and state",
      "braze-subscriptions verify --from-report changes.report.ndjson --report changes.verify.ndjson   # a multi-group job: every group and state",
    ],
    environment: setEnvironment,
    exitCodes: ([0, 3, 2, 1, 130, 143] as const).map(
      (code) => [code, verifyExitCodeMeanings[code] as string] as const,
    ),
  });

  const status = addFlags(
    program
      .command("status")
      .description("one user's subscription groups (GET /subscription/user/status)")
      .argument("<identifier>", "an external id, an email address or a phone number"),
    statusFlags,
  ).action(async (identifier: string, options: StatusCommandOptions) => {
    done(await runStatus(identifier, options, io));
  });
  addCommandHelp(status, {
    examples: [
      "braze-subscriptions status ann@example.com",
      "braze-subscriptions status user-42 --type external_id --json",
      "braze-subscriptions status shared@example.com --limit 5000   # every profile with that address",
    ],
    environment: setEnvironment,
    exitCodes: [
      [0, "Braze answered (a table, or JSON)"],
      [3, "Braze refused a read, not for its key, permission or URL (those are 2)"],
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
    exitCodes: [
      [0, "the job, the fake's state and the read-back agree"],
      [1, "they do not agree, or an unexpected error"],
      ...exitCodeRows(2),
      [130, "stopped by SIGINT (Ctrl-C): nothing more is run or checked"],
      [143, "stopped by SIGTERM: nothing more is run or checked"],
    ],
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

function resolve<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
