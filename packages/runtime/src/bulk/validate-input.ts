import type { ValidationIssue } from "../errors/braze-error.js";
import { BrazeValidationError } from "../errors/transport-errors.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { identifierFields, identifierTypes } from "../vocabulary/identifier-type.js";
import { type SetStatusInput, sourcesOf } from "./set-status-input.js";

/**
 * Checks the parts of a call that are the same for every identifier (group, state, shape of the
 * sources) and throws one {@link BrazeValidationError} listing every problem, before anything is
 * read or sent. Identifiers themselves are checked one by one later, so one bad one never sinks
 * the others.
 */
export function validateSetStatusInput(input: SetStatusInput, where: string): void {
  if (input === null || typeof input !== "object") {
    throw new BrazeValidationError(`${where}: input must be an object`, [
      { path: "", code: "type", message: "must be an object" },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const group = validatorFor("SubscriptionGroupId")(input.subscriptionGroupId);
  if (!group.ok) issues.push(...group.errors.map((e) => at("/subscriptionGroupId", e)));
  const state = validatorFor("SubscriptionState")(input.state);
  if (!state.ok) issues.push(...state.errors.map((e) => at("/state", e)));
  if (input.useDoubleOptIn !== undefined && typeof input.useDoubleOptIn !== "boolean") {
    issues.push({ path: "/useDoubleOptIn", code: "type", message: "must be a boolean" });
  }
  for (const type of identifierTypes) {
    const name = identifierFields[type].list;
    const source = input[name];
    if (source === undefined) continue;
    const iterable =
      source !== null &&
      typeof source === "object" &&
      (Symbol.iterator in source || Symbol.asyncIterator in source);
    if (!iterable) {
      issues.push({
        path: `/${name}`,
        code: "type",
        message: `must be an array, an iterable or an async iterable of strings (a single string is refused: wrap it in an array)`,
      });
    }
  }
  if (sourcesOf(input).length === 0) {
    // Whatever the spec's own rule, a call with no source has nothing to send.
    const names = identifierTypes.map((type) => identifierFields[type].list);
    issues.push({
      path: "",
      code: "required",
      message: `give at least one of ${names.join(", ")}`,
    });
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path || "(input)"} ${issue.message}`).join("; ");
    throw new BrazeValidationError(`${where}: invalid input: ${list}`, issues);
  }
}

function at(path: string, issue: ValidationIssue): ValidationIssue {
  return { ...issue, path: `${path}${issue.path}` };
}
