import type { ValidationIssue } from "../errors/braze-error.js";
import { FingerprintSet } from "../identifiers/fingerprint-set.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { itemSchemaOf } from "../spec/write-rules.js";
import {
  type IdentifierType,
  identifierTypes,
  isIdentifierType,
  personOf,
} from "../vocabulary/identifier-type.js";
import type { Outcome } from "../vocabulary/outcome.js";
import { type SubscriptionState, subscriptionStates } from "../vocabulary/subscription-state.js";
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
 * refused by the generated validators, or a state contradicting an earlier row's for the same
 * identifier and group), duplicate (the same identifier of a type in the same group, with the
 * same state, earlier in the call), already succeeded (checkpoint), or accepted. Memory stays
 * bounded by fingerprints instead of the strings.
 */
export class RowClassifier {
  readonly #group = validatorFor("SubscriptionGroupId") as Check;
  readonly #state = validatorFor("SubscriptionState") as Check;
  readonly #ids = Object.fromEntries(
    identifierTypes.map((type) => [type, validatorFor(itemSchemaOf(type)) as Check]),
  ) as Record<IdentifierType, Check>;
  readonly #seen: FingerprintSet | undefined;
  /** Whether an email spelled with capitals was remembered (see `#earlierState`). */
  #mixedCaseSeen = false;
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

  /**
   * The state an earlier row of this call set for the identifier in this group, or
   * `undefined` for its first row (which is then remembered). A contradicting row is not
   * remembered: a third row is compared with the first. An email address contradicts the
   * earlier rows of any spelling of it in other letter case (its domain is case-insensitive,
   * and Braze finds a profile by its address whatever the case), while only the very same
   * spelling repeats it (identifiers compare exactly, so `Ann@x.com` after `ann@x.com`, both
   * subscribing, is still sent).
   */
  #earlierState(
    type: IdentifierType,
    subscriptionGroupId: string,
    id: string,
    state: SubscriptionState,
  ): SubscriptionState | undefined {
    const seen = this.#seen;
    if (seen === undefined) return undefined;
    const tag = identifierTypes.indexOf(type);
    const variant = subscriptionStates.indexOf(state);
    const states = subscriptionStates.length;
    if (type !== "email") {
      const found = seen.addExclusive(tag, `${subscriptionGroupId}\u0000${id}`, variant, states);
      return found === -1 ? undefined : subscriptionStates[found];
    }
    // The lower-cased address in forms `s` (set to state s as spelled, in lower case) and
    // `states + s` (set to s in another spelling); the other spellings also by their own text.
    const lowered = personOf(type, id);
    const lower = id === lowered;
    if (!lower) this.#mixedCaseSeen = true;
    const found = seen.addUnless(
      tag,
      `${subscriptionGroupId}\u0000${lowered}`,
      lower ? variant : states + variant,
      // Until a spelling with capitals came, no `states + s` form exists: one probe, not two.
      (this.#mixedCaseSeen ? EMAIL_CONTRADICTIONS : OTHER_STATES)[variant] as readonly number[],
    );
    if (found !== -1 && found % states !== variant) return subscriptionStates[found % states];
    if (lower) return found === -1 ? undefined : state;
    const spelled = seen.addUnless(
      MIXED_CASE_EMAIL_TAG,
      `${subscriptionGroupId}\u0000${id}`,
      0,
      [],
    );
    return spelled === -1 ? undefined : state;
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
    const state = row?.state as SetStatusRow["state"];
    const earlier = this.#earlierState(type, subscriptionGroupId, id, state);
    if (earlier === state) return { outcome: "duplicate", type, id, index };
    if (earlier !== undefined) {
      return { outcome: "invalid", type, id, index, issue: contradiction(type, earlier) };
    }
    if (this.#alreadySucceeded?.(type, id, subscriptionGroupId)) {
      return { outcome: "succeeded", type, id, index, skipped: true };
    }
    return row?.useDoubleOptIn === undefined
      ? { subscriptionGroupId, state, type, id, index }
      : { subscriptionGroupId, state, type, id, index, useDoubleOptIn: row.useDoubleOptIn };
  }
}

/** The duplicate detector's tag of an email address spelled with capitals, as spelled. */
const MIXED_CASE_EMAIL_TAG = identifierTypes.length;

/** Per state, the other states. */
const OTHER_STATES: readonly (readonly number[])[] = subscriptionStates.map((_, variant) =>
  subscriptionStates.flatMap((__, other) => (other === variant ? [] : [other])),
);

/** Per state, the forms of a lower-cased address that contradict it (see `#earlierState`). */
const EMAIL_CONTRADICTIONS: readonly (readonly number[])[] = subscriptionStates.map((_, variant) =>
  subscriptionStates.flatMap((__, other) =>
    other === variant ? [] : [other, subscriptionStates.length + other],
  ),
);

/**
 * The `issue.code` of a row refused for reversing an earlier row's state (see
 * {@link contradiction}): such a row is valid and was meant, so a read back must include it.
 */
export const CONFLICTING_STATE = "conflicting_state";

/**
 * A row that reverses an earlier row's state for the same identifier and group. The earlier
 * row may be at Braze already (rows stream), so "the last row wins" cannot be promised; sending
 * both in one job would leave whichever Braze applied last. The later row is refused, so the
 * job ends with an invalid row the user must look at instead of a silent `duplicate`.
 */
function contradiction(type: IdentifierType, earlier: SubscriptionState): ValidationIssue {
  const what = type === "email" ? "this address (in any letter case)" : "this identifier";
  return {
    path: "/state",
    code: CONFLICTING_STATE,
    message: `an earlier row sets ${what} to "${earlier}" in this group; one job sets one state per identifier and group`,
  };
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
