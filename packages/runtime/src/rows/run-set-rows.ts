import { raiseListenerLimit } from "../bulk/raise-listener-limit.js";
import { openSource } from "../bulk/read-source.js";
import type { SetStatusOptions } from "../bulk/set-status-input.js";
import type { ValidationIssue } from "../errors/braze-error.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import { FingerprintSet } from "../identifiers/fingerprint-set.js";
import { itemSchemaOf } from "../identifiers/spec-rules.js";
import { validatorFor } from "../identifiers/validator-for.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import { identifierTypes } from "../vocabulary/identifier-type.js";
import type { BatchResult, FailureInfo, Outcome, Progress } from "../vocabulary/outcome.js";
import type { MultiGroupSender } from "./multi-group-sender.js";
import { type AcceptedRow, RowPacker } from "./row-packer.js";
import type { MultiGroupRules } from "./v2-rules.js";

/** One row of a multi-group job: its own group, state, identifier type and identifier. */
export interface SetStatusRow {
  subscriptionGroupId: string;
  state: "subscribed" | "unsubscribed";
  type: IdentifierType;
  id: string;
}

/** Rows, from an array, any iterable or an async iterable. */
export type SetStatusRows = Iterable<SetStatusRow> | AsyncIterable<SetStatusRow>;

/** True when `setStatus` was given rows rather than one group's input object. */
export function isRowSource(input: unknown): input is SetStatusRows {
  return (
    typeof input === "object" &&
    input !== null &&
    (Symbol.iterator in input || Symbol.asyncIterator in input)
  );
}

/** What the row engine needs from the runtime. */
export interface RowContext {
  send: MultiGroupSender;
  rules: MultiGroupRules;
  concurrency: number;
}

type Check = (input: unknown) => { ok: true } | { ok: false; errors: readonly ValidationIssue[] };

/**
 * The engine behind `setStatus(rows)`: checks each row (group, state, type, identifier, with
 * the generated validators), settles duplicates (the same identifier of a type in the same
 * group), packs the others into the fewest multi-group requests the spec allows (see
 * {@link RowPacker}), keeps at most `concurrency` in flight and yields one outcome per row.
 */
export async function* runSetRows(
  ctx: RowContext,
  rows: SetStatusRows,
  options: SetStatusOptions,
  progress: Progress,
): AsyncGenerator<BatchResult, void, undefined> {
  const controller = new AbortController();
  raiseListenerLimit(ctx.concurrency + 10, controller.signal);
  const callerSignal = options.signal;
  const abortFromCaller = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) abortFromCaller();
  callerSignal?.addEventListener("abort", abortFromCaller, { once: true });
  const signal = controller.signal;

  const groupCheck = validatorFor("SubscriptionGroupId") as Check;
  const stateCheck = validatorFor("SubscriptionState") as Check;
  const idChecks = Object.fromEntries(
    identifierTypes.map((type) => [type, validatorFor(itemSchemaOf(type)) as Check]),
  ) as Record<IdentifierType, Check>;
  const seen = new FingerprintSet(options.expectedCount ?? 0);
  const packer = new RowPacker(ctx.rules.maxIdentifiers, ctx.rules.exclusive);
  const inFlight = new Set<Promise<void>>();
  const ready: BatchResult[] = [];
  let unsent: Outcome[] = [];
  let fatal: FailureInfo | undefined;
  let finished = false;

  const settleUnsent = (outcome: Outcome) => {
    if (outcome.outcome === "invalid") progress.invalid++;
    else if (outcome.outcome === "duplicate") progress.duplicates++;
    else if (outcome.outcome === "failed") {
      progress.valid++;
      progress.failed++;
    }
    unsent.push(outcome);
    if (unsent.length >= 500) {
      ready.push({ outcomes: unsent });
      unsent = [];
    }
  };
  const dispatch = (batch: AcceptedRow[]) => {
    if (fatal || signal.aborted) {
      const error = fatal ?? { code: "aborted", message: "not sent: the call was aborted" };
      for (const { type, id, index } of batch)
        settleUnsent({ outcome: "failed", type, id, index, error });
      return;
    }
    progress.requests++;
    progress.valid += batch.length;
    progress.inFlight += batch.length;
    const sending = ctx.send(batch, signal).then((result) => {
      progress.inFlight -= batch.length;
      progress.retries += Math.max(0, result.attempts - 1);
      const outcomes: Outcome[] = batch.map(
        ({ type, id, index }): Outcome =>
          result.ok
            ? { outcome: "succeeded", type, id, index }
            : { outcome: "failed", type, id, index, error: result.error },
      );
      if (result.ok) progress.succeeded += batch.length;
      else {
        progress.failed += batch.length;
        if (result.fatal) fatal ??= result.error;
      }
      const status = result.ok ? result.status : result.error.status;
      ready.push({
        outcomes,
        request: { ...(status === undefined ? {} : { status }), attempts: result.attempts },
      });
    });
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const opened = openSource(rows as Iterable<string>);
  let index = 0;
  try {
    while (!signal.aborted) {
      let step = opened.next();
      if (opened.isAsync) step = await step;
      const { done, value } = step as IteratorResult<unknown>;
      if (done) break;
      progress.total++;
      const row = value as Partial<SetStatusRow> | null;
      const at = index++;
      const type = identifierTypes.includes(row?.type as IdentifierType)
        ? (row?.type as IdentifierType)
        : undefined;
      const id = typeof row?.id === "string" ? row.id : String(row?.id);
      const issue =
        type === undefined
          ? {
              path: "/type",
              code: "enum",
              message: `"type" must be one of ${identifierTypes.join(", ")}`,
            }
          : (firstIssue(groupCheck(row?.subscriptionGroupId), "/subscriptionGroupId") ??
            firstIssue(stateCheck(row?.state), "/state") ??
            firstIssue(idChecks[type](row?.id), "/id"));
      if (issue !== undefined) {
        settleUnsent({ outcome: "invalid", type: type ?? "external_id", id, index: at, issue });
      } else if (
        !seen.add(
          identifierTypes.indexOf(type as IdentifierType),
          `${row?.subscriptionGroupId}\u0000${id}`,
        )
      ) {
        settleUnsent({ outcome: "duplicate", type: type as IdentifierType, id, index: at });
      } else {
        const full = packer.add({
          subscriptionGroupId: row?.subscriptionGroupId as string,
          state: row?.state as SetStatusRow["state"],
          type: type as IdentifierType,
          id,
          index: at,
        });
        if (full) dispatch(full);
      }
      if (ready.length > 0) yield* takeReady();
      while (inFlight.size >= ctx.concurrency) {
        await Promise.race(inFlight);
        yield* takeReady();
      }
    }
    if (signal.aborted) await opened.close().catch(() => {});
    for (const batch of packer.drain()) dispatch(batch);
    if (unsent.length > 0) {
      ready.push({ outcomes: unsent });
      unsent = [];
    }
    while (inFlight.size > 0 || ready.length > 0) {
      yield* takeReady();
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
    finished = true;
  } finally {
    callerSignal?.removeEventListener("abort", abortFromCaller);
    if (!finished) controller.abort(new BrazeAbortError("The result stream was closed early"));
  }
  if (callerSignal?.aborted) {
    throw new BrazeAbortError(
      "setStatus was aborted by its AbortSignal; outcomes so far were delivered",
    );
  }

  function* takeReady(): Generator<BatchResult, void, undefined> {
    while (ready.length > 0) {
      const next = ready.shift() as BatchResult;
      options.onProgress?.({ ...progress });
      yield next;
    }
  }
}

function firstIssue(
  result: { ok: true } | { ok: false; errors: readonly ValidationIssue[] },
  path: string,
): ValidationIssue | undefined {
  if (result.ok) return undefined;
  const issue = result.errors[0] ?? { path: "", code: "invalid", message: "is invalid" };
  return { ...issue, path: `${path}${issue.path}` };
}
