import { BrazeValidationError } from "../errors/transport-errors.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { itemSchemaOf } from "../spec/write-rules.js";
import { type IdentifierType, isIdentifierType } from "../vocabulary/identifier-type.js";
import type { PreflightJob } from "./preflight-read.js";

/**
 * What `runtime.preflight` reads for: one group's candidate identifiers (the first valid one
 * is read), or the first rows of a job of rows, each with its group and type (the groups are
 * read as that job's preflight reads them: see `preflightRows`). At most
 * {@link PREFLIGHT_ROWS_READ} of them are looked at.
 */
export type PreflightRequest =
  | { subscriptionGroupId: string; type: IdentifierType; candidates: Iterable<string> }
  | { rows: Iterable<PreflightJob> };

const validGroup = validatorFor("SubscriptionGroupId");

/**
 * The request's rows that a job would send, as the generated validators decide: a row whose
 * group or identifier they refuse, or of no identifier type, is passed over (it would end
 * `invalid`, never sent, so it must not decide the job). One group's request whose group they
 * refuse throws `BrazeValidationError` at once, nothing read: no row of it could be sent.
 */
export function readableRows(request: PreflightRequest): Iterable<PreflightJob> {
  if ("rows" in request) return validRows(request.rows);
  const group = validGroup(request.subscriptionGroupId);
  if (!group.ok) {
    const issue = group.errors[0]?.message ?? "is not a subscription group id";
    throw new BrazeValidationError(
      `preflight: subscriptionGroupId ${issue.replace(/^value /, "")}`,
      group.errors.map((error) => ({ ...error, path: `/subscriptionGroupId${error.path}` })),
    );
  }
  const { subscriptionGroupId, type } = request;
  return validRows(
    (function* () {
      for (const id of request.candidates) yield { subscriptionGroupId, type, id };
    })(),
  );
}

/**
 * Most rows (or candidates) of a request the preflight looks at: a job's first rows, never its
 * whole input. The CLI hands it 100 records and a job its first request; an iterable of a
 * whole file whose only group was refused was scanned to its end for another group (a
 * million rows blocked the event loop for 220 ms, an endless generator for ever).
 */
export const PREFLIGHT_ROWS_READ = 1_000;

function* validRows(rows: Iterable<PreflightJob>): Generator<PreflightJob> {
  let looked = 0;
  for (const row of rows) {
    if (++looked > PREFLIGHT_ROWS_READ) return;
    // A row's type is data too: one of no identifier type ends `invalid` in the job.
    if (!isIdentifierType(row.type) || !validGroup(row.subscriptionGroupId).ok) continue;
    const checked = validatorFor(itemSchemaOf(row.type))(row.id);
    if (checked.ok) yield { ...row, id: String(checked.value) };
  }
}
