import {
  type BrazeRuntime,
  likelyCauseOf,
  type PreflightCheck,
  type RefusedGroup,
  refusesGroupAlone,
} from "@braze-subscriptions/runtime";
import { STATUS_READ_PERMISSION } from "../commands/settings-refusal.js";
import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { CliIo } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { announceStart } from "../start/announce-start.js";
import { type PreflightStart, preflightStart } from "../start/preflight-start.js";
import type { JobGroups } from "./job-groups.js";
import { preflightGroupOf } from "./row-of-record.js";

/**
 * The code of a preflight stop the rate-limit store caused (a read that cannot tell goes on):
 * Redis refused for good, e.g. a foreign value at the bucket's key.
 */
const STORE_REFUSED = "rate_limiter_unavailable";

/** What {@link passStartGate} needs of the run. */
export interface StartGateOf {
  options: ResolvedSetOptions;
  groups: JobGroups;
  source: IdentifierSource;
  runtime: BrazeRuntime;
  io: CliIo;
  redact: (text: string) => string;
  /** Closes the runtime and the job's outputs: the run ends before it sends. */
  closeAll(): Promise<void>;
}

/** The run goes on: to send, or (a group Braze refused) to report every row unsent. */
export interface StartPassed {
  proceed: true;
  /** The input to read from: the records the preflight read ahead come first again. */
  source: IdentifierSource;
  /** The preflight read's check, handed to the runtime (`undefined`: none was made). */
  check: PreflightCheck | undefined;
  /** Groups Braze refused alone; their rows are not sent, the others' are. */
  refusedGroups: RefusedGroup[];
  /** `--max-failures` in identifiers, once the input's size is known. */
  maxFailures: number | undefined;
}

/**
 * Everything between the checked flags and the first write: the preflight read (a wrong key,
 * instance or Redis is one line and exit 2, nothing sent), its warnings, and the start block
 * (on a terminal, the confirmation). Everything is closed before a usage error is thrown or
 * a declined start returns its exit code.
 */
export async function passStartGate(
  run: StartGateOf,
): Promise<StartPassed | { proceed: false; code: ExitCodeValue }> {
  const { options, groups, io, redact, closeAll } = run;
  const { source, check } = await preflight(run).catch(async (error: unknown) => {
    await closeAll();
    throw error;
  });
  const refused = check?.outcome === "stopped" ? check.error : undefined;
  // Groups Braze refused alone: the CLI's read's, or (when none of the first records is a row
  // the job sends, so the CLI read nothing) the runtime's own read's, of the first request.
  const refusedGroups = [...refusedGroupsOf(check)];
  // Redis refusing for good (a namespace another application uses, a user that may not run
  // scripts) is told as its refused password is: one line, exit 2, nothing sent.
  if (refused?.code === STORE_REFUSED) {
    await closeAll();
    throw new UsageError(
      `cannot use Redis (--redis-url or BRAZE_REDIS_URL): ${refused.message}; nothing was sent to Braze`,
    );
  }
  if (refused && !refusesGroupAlone(refused.status)) {
    await closeAll();
    throw new UsageError(`${refused.message}; nothing was sent`);
  }
  // --skip-unchanged reads before it writes: a key that may not read would have every read
  // refused and every row sent, the budget the flag was given to save.
  if (options.skipUnchanged && check?.outcome === "unchecked" && check.status === 403) {
    await closeAll();
    throw new UsageError(
      `--skip-unchanged reads the current states first, and ${likelyCauseOf(403, STATUS_READ_PERMISSION)} (HTTP 403): grant it, or run without --skip-unchanged; nothing was sent`,
    );
  }
  if (refused) {
    // A refused group: nothing is sent, and the report still gets a line for every row.
    io.stderr.write(`braze-subscriptions: ${redact(refused.message)}; nothing is sent\n`);
    return { proceed: true, source, check, refusedGroups, maxFailures: undefined };
  }
  if (check?.outcome === "unchecked") {
    io.stderr.write(
      `braze-subscriptions: warning: could not check the key, instance and group before sending: ${redact(check.message)}; going on\n`,
    );
  }
  // A multi-group job whose first groups Braze refused alone goes on with the others.
  for (const group of refusedGroups) io.stderr.write(`${refusedGroupWarning(group, redact)}\n`);
  const start = await announceStart(options, groups, source, io).catch(async (error: unknown) => {
    await closeAll();
    throw error;
  });
  if (!start.proceed) {
    await closeAll();
    return { proceed: false, code: ExitCode.interrupted };
  }
  return { proceed: true, source, check, refusedGroups, maxFailures: start.plan.maxFailures };
}

/**
 * The preflight read of the first records. --no-preflight: no read; the first writes meet a
 * wrong key or group (fail fast still stops).
 */
function preflight({ options, groups, source, runtime }: StartGateOf): Promise<PreflightStart> {
  if (!options.preflight) return Promise.resolve({ check: undefined, source });
  return preflightStart(
    runtime,
    groups.kind === "one"
      ? () => groups.subscriptionGroupId
      : (record) => preflightGroupOf(record, groups),
    source,
    groups.kind === "rows",
  );
}

/** The groups of a multi-group job that a preflight check found Braze refuses alone. */
export function refusedGroupsOf(check: PreflightCheck | undefined): readonly RefusedGroup[] {
  return (check?.outcome !== "stopped" && check?.refusedGroups) || [];
}

/**
 * The warning of a group Braze refused alone: its rows are not sent, the others go on. Masked
 * whole: the group id is the file's cell, and a wrong column may hold the key itself.
 */
export function refusedGroupWarning(group: RefusedGroup, redact: (text: string) => string): string {
  return redact(
    `braze-subscriptions: warning: group ${JSON.stringify(group.subscriptionGroupId)}: ${group.error.message}; its rows are not sent, the other groups go on`,
  );
}
