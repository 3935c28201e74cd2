import { createInterface } from "node:readline";
import { UsageError } from "../errors.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { CliIo } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import type { JobGroups } from "../set/job-groups.js";
import { formatJobPlan, type JobPlan, planJob } from "./job-plan.js";

/** How the start went: the plan shown, and whether to send. */
export interface StartDecision {
  plan: JobPlan;
  proceed: boolean;
}

/**
 * The start of a `set` run, before anything is sent: prints the job's plan on stderr (target
 * host, group, state, rows, requests, least time at the rate limit) and, on a terminal,
 * asks for confirmation unless `--yes`. Without a terminal it never asks. `--quiet` hides the
 * block unless a question needs it.
 */
export async function announceStart(
  options: ResolvedSetOptions,
  groups: JobGroups,
  source: IdentifierSource,
  io: CliIo,
): Promise<StartDecision> {
  if (options.target === undefined) throw new UsageError("missing target");
  const plan = planJob({
    target: options.target,
    groups,
    rateLimit: options.rateLimit,
    limit: options.limit,
    maxFailures: options.maxFailures,
    checkpoint: options.checkpoint,
    source,
  });
  if (options.maxFailures !== undefined && plan.maxFailures === undefined) {
    throw new UsageError(
      "--max-failures with a percentage needs a file input (a pipe has no row count); give a number of identifiers",
    );
  }
  const ask = !options.yes && canAsk(io, options.input);
  if (ask || !options.quiet) io.stderr.write(`${formatJobPlan(plan)}\n`);
  if (!ask) return { plan, proceed: true };
  const proceed = await askToProceed(io, "Send? [y/N] ");
  if (!proceed) io.stderr.write("Cancelled: nothing was sent.\n");
  return { plan, proceed };
}

/**
 * Whether `set` may ask: only when a person can answer, i.e. stdin and stderr are terminals
 * and stdin is not the input. Scripts, pipes and CI never get a question.
 */
export function canAsk(io: CliIo, input: string): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true && input !== "-";
}

/**
 * Asks on the terminal; true only for an explicit yes (`y`, `yes`, any case). Ctrl-C or
 * Ctrl-D at the question mean no (readline takes the terminal's Ctrl-C itself while asking).
 */
async function askToProceed(io: CliIo, question: string): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    return await new Promise<boolean>((resolve) => {
      prompt.once("line", (answer) => resolve(/^\s*y(es)?\s*$/i.test(answer)));
      prompt.once("SIGINT", () => {
        io.stderr.write("\n");
        resolve(false);
      });
      prompt.once("close", () => resolve(false));
      prompt.setPrompt(question);
      prompt.prompt();
    });
  } finally {
    prompt.close();
  }
}
