import { brokenRequestRules } from "@braze-subscriptions/validators";
import type { Route } from "./operations.js";

/**
 * Finds, in a multi-group body, identifier lists that must never come together in one request
 * (v2: `emails` and `phones`), and answers with the spec's message for them; `undefined` when
 * the body keeps every rule.
 */
export type RequestConflict = (body: unknown) => string | undefined;

/**
 * The exclusions that hold over `route`'s whole request, from the validators' generated rules
 * (the spec's rules marked `x-request-wide`): Braze says emails and phones never come in one
 * request, "even in different groups", which a per-group JSON Schema cannot state. The answer
 * is the rule's own `x-error-message`, as Braze words it, not the validators' issue text. The
 * identifier cap is not answered here: the fake counts and refuses it before validating.
 */
export function requestConflict(route: Route): RequestConflict {
  return (body) => {
    const exclusion = brokenRequestRules(route.operationId, body).find(
      (broken) => broken.exclusion !== null,
    )?.exclusion;
    return exclusion ? JSON.stringify({ message: exclusion.specMessage }) : undefined;
  };
}
