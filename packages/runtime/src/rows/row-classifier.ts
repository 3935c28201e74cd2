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
  /** The forms remembered so far, a bit each (see `#earlierIntent`): only those are probed. */
  #formsSeen = 0;
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
   * The intent (see {@link intentOf}) of an earlier row of this call for the identifier in this
   * group, or `undefined` for its first row (which is then remembered). A contradicting row is
   * not remembered: a third row is compared with the first. An email address contradicts the
   * earlier rows of any spelling of it in other letter case (its domain is case-insensitive,
   * and Braze finds a profile by its address whatever the case), while only the very same
   * spelling repeats it (identifiers compare exactly, so `Ann@x.com` after `ann@x.com`, both
   * subscribing, is still sent).
   */
  #earlierIntent(
    type: IdentifierType,
    subscriptionGroupId: string,
    id: string,
    intent: number,
  ): number | undefined {
    const seen = this.#seen;
    if (seen === undefined) return undefined;
    // Form `i`: intent i (an email address as spelled, in lower case); `INTENTS + i`: intent i
    // of an address in another spelling, kept under its lower-cased text too. The other
    // spellings are also kept by their own text.
    const lowered = personOf(type, id);
    const lower = id === lowered;
    const form = lower ? intent : INTENTS + intent;
    this.#formsSeen |= 1 << form;
    const found = seen.addUnless(
      identifierTypes.indexOf(type),
      `${subscriptionGroupId}\u0000${lowered}`,
      form,
      // A job whose rows all ask the same (the CLI's) probes no form but its own: one probe.
      contradictingForms(intent, this.#formsSeen),
    );
    if (found !== -1 && found % INTENTS !== intent) return found % INTENTS;
    if (lower) return found === -1 ? undefined : intent;
    const spelled = seen.addUnless(
      MIXED_CASE_EMAIL_TAG,
      `${subscriptionGroupId}\u0000${id}`,
      0,
      [],
    );
    return spelled === -1 ? undefined : intent;
  }

  /** Returns the accepted row, or the outcome it already has. */
  classify(value: unknown, index: number): AcceptedRow | Outcome {
    // `null`, a string, an array: not a row. Said as such, with no type or identifier made up
    // (it was `type: "external_id"`, id `"undefined"`: a report then listed an external id
    // that no row held).
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { outcome: "invalid", type: null, id: null, index, issue: notARow(value) };
    }
    const row = value as Partial<SetStatusRow>;
    const type = isIdentifierType(row.type) ? row.type : undefined;
    const given = givenId(row.id);
    if (type === undefined || given === null) {
      const issue =
        type === undefined
          ? {
              path: "/type",
              code: "enum",
              message: `"type" must be one of ${identifierTypes.join(", ")}`,
            }
          : (firstIssue(this.#ids[type](row.id), "/id") as ValidationIssue);
      return { outcome: "invalid", type: type ?? null, id: given, index, issue };
    }
    const id = given;
    const issue =
      firstIssue(this.#group(row.subscriptionGroupId), "/subscriptionGroupId") ??
      firstIssue(this.#state(row.state), "/state") ??
      firstIssue(this.#ids[type](row.id), "/id") ??
      doubleOptInIssue(row.useDoubleOptIn);
    if (issue !== undefined) return { outcome: "invalid", type, id, index, issue };
    const subscriptionGroupId = row.subscriptionGroupId as string;
    const state = row.state as SetStatusRow["state"];
    const intent = intentOf(state, row.useDoubleOptIn === true);
    const earlier = this.#earlierIntent(type, subscriptionGroupId, id, intent);
    if (earlier === intent) return { outcome: "duplicate", type, id, index };
    if (earlier !== undefined) {
      return { outcome: "invalid", type, id, index, issue: contradiction(type, earlier) };
    }
    if (this.#alreadySucceeded?.(type, id, subscriptionGroupId)) {
      return { outcome: "succeeded", type, id, index, skipped: true };
    }
    // `false` is Braze's default: such rows share an entry with those that leave it out.
    return row.useDoubleOptIn === true
      ? { subscriptionGroupId, state, type, id, index, useDoubleOptIn: true }
      : { subscriptionGroupId, state, type, id, index };
  }
}

/** The duplicate detector's tag of an email address spelled with capitals, as spelled. */
const MIXED_CASE_EMAIL_TAG = identifierTypes.length;

const STATES = subscriptionStates.length;
/** Intents: each state without double opt-in, then each with it. */
const INTENTS = 2 * STATES;

/**
 * What a row asks Braze to do to its identifier in its group: its state, and whether with
 * double opt-in (`undefined` is Braze's default, `false`). Two rows of one identifier and group
 * with different intents contradict each other.
 */
function intentOf(state: SubscriptionState, useDoubleOptIn: boolean): number {
  return subscriptionStates.indexOf(state) + (useDoubleOptIn ? STATES : 0);
}

/**
 * The forms of an identifier that contradict `intent` (see `#earlierIntent`), among the forms
 * remembered so far: every other intent's.
 */
function contradictingForms(intent: number, formsSeen: number): readonly number[] {
  const key = formsSeen * INTENTS + intent;
  let forms = CONTRADICTING_FORMS.get(key);
  if (forms === undefined) {
    forms = [];
    for (let form = 0; form < 2 * INTENTS; form++) {
      if ((formsSeen & (1 << form)) !== 0 && form % INTENTS !== intent) forms.push(form);
    }
    CONTRADICTING_FORMS.set(key, forms);
  }
  return forms;
}

/** {@link contradictingForms} by intent and forms seen: at most `INTENTS × 2^(2 × INTENTS)`. */
const CONTRADICTING_FORMS = new Map<number, number[]>();

/**
 * The `issue.code` of a row refused for reversing an earlier row's state (see
 * {@link contradiction}): such a row is valid and was meant, so a read back must include it.
 */
export const CONFLICTING_STATE = "conflicting_state";

/**
 * A row that reverses an earlier row's intent for the same identifier and group: another
 * state, or the same state with and without double opt-in (a direct subscription and a
 * confirmation flow). The earlier row may be at Braze already (rows stream), so "the last row
 * wins" cannot be promised; sending both in one job would leave whichever Braze applied last.
 * The later row is refused, so the job ends with an invalid row the user must look at instead
 * of a silent `duplicate`.
 */
function contradiction(type: IdentifierType, earlier: number): ValidationIssue {
  const what = type === "email" ? "this address (in any letter case)" : "this identifier";
  const state = subscriptionStates[earlier % STATES];
  const doubleOptIn = earlier >= STATES ? "with" : "without";
  return {
    path: "/state",
    code: CONFLICTING_STATE,
    message: `an earlier row sets ${what} to "${state}" in this group (${doubleOptIn} double opt-in); one job sets one state per identifier and group, with or without double opt-in`,
  };
}

/** The issue of a value given as a row that is no row at all. */
function notARow(value: unknown): ValidationIssue {
  const given = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return {
    path: "",
    code: "type",
    message: `must be a row object, got ${given}`,
  };
}

/**
 * A row's `id` as the outcome of a refused row shows it: a string as given, a number (or
 * bigint) as its text, and `null` for anything else (absent, `null`, an object), rather than
 * the text `String()` would make up ("undefined", "[object Object]").
 */
function givenId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return null;
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
