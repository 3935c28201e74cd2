import type { OperationId } from "@braze-subscriptions/client";
import {
  queryValidators,
  requestBodyValidators,
  type ValidationIssue,
  type Validator,
} from "@braze-subscriptions/validators";

/** The outcome of checking a request body with the generated validators. */
export type BodyCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * The generated validator of an operation's request body. Every message, including Braze's
 * "Either an email address or a phone number…", comes from the spec through the validators.
 */
export function bodyValidator(operationId: OperationId): (input: unknown) => BodyCheck {
  return checker(requestBodyValidators[operationId], `request body validator for ${operationId}`);
}

/** The generated validator of an operation's query (the object of its query parameters). */
export function queryValidator(operationId: OperationId): (input: unknown) => BodyCheck {
  return checker(queryValidators[operationId], `query validator for ${operationId}`);
}

function checker(
  validate: Validator<unknown> | undefined,
  what: string,
): (input: unknown) => BodyCheck {
  if (validate === undefined) throw new Error(`@braze-subscriptions/validators has no ${what}`);
  return (input) => {
    const result = validate(input);
    return result.ok ? { ok: true } : { ok: false, issues: result.errors };
  };
}

export type { ValidationIssue };
