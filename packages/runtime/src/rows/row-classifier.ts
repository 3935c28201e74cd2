import type { ValidationIssue } from "../errors/braze-error.js";
import { FingerprintSet } from "../identifiers/fingerprint-set.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { itemSchemaOf } from "../spec/write-rules.js";
import {
  type IdentifierType,
  identifierTypes,
  isIdentifierType,
} from "../vocabulary/identifier-type.js";
import type { Outcome } from "../vocabulary/outcome.js";
import type { SubscriptionState } from "../vocabulary/subscription-state.js";
import type { AcceptedRow } from "./row-packer.js";

/** One row of a multi-group job: its own group, state, identifier type and identifier. */
export interface SetStatusRow {
  subscriptionGroupId: string;
  state: SubscriptionState;
  type: IdentifierType;
  id: string;
  /**
   * Sends `use_double_opt_in_logic: true` with the row's group entry (SMS groups,
   * subscribing); rows with and without it go in separate entries.
   */
  useDoubleOptIn?: boolean;
}

type Check = (input: unknown) => { ok: true } | { ok: false; errors: readonly ValidationIssue[] };

/**
 * Decides the fate of each row before any request: invalid (group, state, type or identifier
 * refused by the generated validators), duplicate (the same identifier of a type in the same
 * group earlier in the call), already succeeded (checkpoint), or accepted. Memory stays
 * bounded by fingerprints instead of the strings.
 */
export class RowClassifier {
  readonly #group = validatorFor("SubscriptionGroupId") as Check;
  readonly #state = validatorFor("SubscriptionState") as Check;
  readonly #ids = Object.fromEntries(
    identifierTypes.map((type) => [type, validatorFor(itemSchemaOf(type)) as Check]),
  ) as Record<IdentifierType, Check>;
  readonly #seen: FingerprintSet | undefined;
  readonly #alreadySucceeded:
    | ((type: IdentifierType, id: string, subscriptionGroupId: string) => boolean)
    | undefined;

  constructor(
    alreadySucceeded?: (type: IdentifierType, id: string, subscriptionGroupId: string) => boolean,
    expectedCount = 0,
    /** `false`: no duplicate detector, for rows known to be distinct. */
    deduplicate = true,
  ) {
    this.#seen = deduplicate ? new FingerprintSet(expectedCount) : undefined;
    this.#alreadySucceeded = alreadySucceeded;
  }

  /** Returns the accepted row, or the outcome it already has. */
  classify(value: unknown, index: number): AcceptedRow | Outcome {
    const row = value as Partial<SetStatusRow> | null;
    const type = isIdentifierType(row?.type) ? row.type : undefined;
    const id = typeof row?.id === "string" ? row.id : String(row?.id);
    const issue =
      type === undefined
        ? {
            path: "/type",
            code: "enum",
            message: `"type" must be one of ${identifierTypes.join(", ")}`,
          }
        : (firstIssue(this.#group(row?.subscriptionGroupId), "/subscriptionGroupId") ??
          firstIssue(this.#state(row?.state), "/state") ??
          firstIssue(this.#ids[type](row?.id), "/id") ??
          doubleOptInIssue(row?.useDoubleOptIn));
    if (issue !== undefined || type === undefined) {
      return { outcome: "invalid", type: type ?? "external_id", id, index, issue } as Outcome;
    }
    const subscriptionGroupId = row?.subscriptionGroupId as string;
    if (
      this.#seen?.add(identifierTypes.indexOf(type), `${subscriptionGroupId}\u0000${id}`) === false
    ) {
      return { outcome: "duplicate", type, id, index };
    }
    if (this.#alreadySucceeded?.(type, id, subscriptionGroupId)) {
      return { outcome: "succeeded", type, id, index, skipped: true };
    }
    const state = row?.state as SetStatusRow["state"];
    return row?.useDoubleOptIn === undefined
      ? { subscriptionGroupId, state, type, id, index }
      : { subscriptionGroupId, state, type, id, index, useDoubleOptIn: row.useDoubleOptIn };
  }
}

function doubleOptInIssue(value: unknown): ValidationIssue | undefined {
  if (value === undefined || typeof value === "boolean") return undefined;
  return { path: "/useDoubleOptIn", code: "type", message: "must be a boolean" };
}

function firstIssue(
  result: { ok: true } | { ok: false; errors: readonly ValidationIssue[] },
  path: string,
): ValidationIssue | undefined {
  if (result.ok) return undefined;
  const issue = result.errors[0] ?? { path: "", code: "invalid", message: "is invalid" };
  return { ...issue, path: `${path}${issue.path}` };
}
