import type { ValidationIssue } from "../errors/braze-error.js";
import { itemSchemaOf } from "../spec/write-rules.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import { identifierTypes } from "../vocabulary/identifier-type.js";
import type { Outcome } from "../vocabulary/outcome.js";
import { FingerprintSet } from "./fingerprint-set.js";
import { validatorFor } from "./validator-for.js";

/** An identifier that passed validation and de-duplication: it must be sent. */
export interface AcceptedIdentifier {
  type: IdentifierType;
  id: string;
  index: number;
}

type ItemValidator = (
  input: unknown,
) => { ok: true; value: unknown } | { ok: false; errors: readonly ValidationIssue[] };

/**
 * Decides the fate of each identifier before any request: invalid (the generated validator of
 * its schema refused it), duplicate (seen earlier in this call), already succeeded (checkpoint),
 * or accepted. Memory stays bounded by using fingerprints instead of the strings.
 */
export class IdentifierClassifier {
  readonly #seen: FingerprintSet | undefined;
  readonly #alreadySucceeded: ((type: IdentifierType, id: string) => boolean) | undefined;
  readonly #validators: Record<IdentifierType, ItemValidator>;

  /**
   * `expectedCount` presizes the duplicate detector (see {@link FingerprintSet});
   * `deduplicate: false` goes without one, for identifiers known to be distinct.
   */
  constructor(
    alreadySucceeded?: (type: IdentifierType, id: string) => boolean,
    expectedCount = 0,
    deduplicate = true,
  ) {
    this.#seen = deduplicate ? new FingerprintSet(expectedCount) : undefined;
    this.#alreadySucceeded = alreadySucceeded;
    this.#validators = Object.fromEntries(
      identifierTypes.map((type) => [type, validatorFor(itemSchemaOf(type)) as ItemValidator]),
    ) as Record<IdentifierType, ItemValidator>;
  }

  /** Returns the accepted identifier, or the outcome it already has. */
  classify(type: IdentifierType, raw: unknown, index: number): AcceptedIdentifier | Outcome {
    const result = this.#validators[type](raw);
    if (!result.ok) {
      const issue = result.errors[0] ?? { path: "", code: "invalid", message: "is invalid" };
      return {
        outcome: "invalid",
        type,
        id: typeof raw === "string" ? raw : String(raw),
        index,
        issue,
      };
    }
    const id = String(result.value);
    if (this.#seen?.add(identifierTypes.indexOf(type), id) === false) {
      return { outcome: "duplicate", type, id, index };
    }
    if (this.#alreadySucceeded?.(type, id)) {
      return { outcome: "succeeded", type, id, index, skipped: true };
    }
    return { type, id, index };
  }
}

/** True when {@link IdentifierClassifier.classify} settled the identifier (it is not to be sent). */
export function isSettled(value: AcceptedIdentifier | Outcome): value is Outcome {
  return "outcome" in value;
}
