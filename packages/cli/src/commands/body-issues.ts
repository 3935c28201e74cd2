import { operationMetadata } from "@braze-subscriptions/client";
import { multiGroupRulesOf } from "@braze-subscriptions/runtime";
import {
  requestWideIssues,
  validateSetSubscriptionStatusBody,
  validateSetSubscriptionStatusV2Body,
} from "@braze-subscriptions/validators";

/** One problem found in a body. */
export interface BodyIssue {
  /** JSON pointer of the offending value (`""` for the body itself). */
  path: string;
  code: string;
  message: string;
}

/** The two write operations whose bodies `validate` knows. */
const single = operationMetadata.setSubscriptionStatus;
const multi = operationMetadata.setSubscriptionStatusV2;

/** The largest body either write accepts (the spec's `x-max-body-bytes`): what `validate` reads at most. */
export const maxBodyBytes = Math.max(bodyLimitOf(single), bodyLimitOf(multi));

/**
 * The issues of a parsed request body of either write the CLI sends: the multi-group body
 * (`POST /v2/subscription/status/set`, recognised by its list of groups) or the one-group body
 * (`POST /subscription/status/set`). The validators check each list (and each group); the
 * rules the spec states for the whole request (its `x-max-identifiers` over all lists of either
 * body, and emails never with phones in one v2 request) come from the validators' generated
 * `requestWideIssues`, the same rules the runtime packs requests by. `bytes` is the body's
 * size on disk, checked against the operation's `x-max-body-bytes` (Braze answers 413 above
 * it).
 */
export function bodyIssues(body: unknown, bytes: number): BodyIssue[] {
  const rules = multiGroupRulesOf();
  const isMulti = typeof body === "object" && body !== null && rules.groupsField in body;
  const operation = isMulti ? multi : single;
  const issues: BodyIssue[] = [];
  const limit = bodyLimitOf(operation);
  if (bytes > limit) issues.push(tooLarge(limit, operation.path));
  const result = isMulti
    ? validateSetSubscriptionStatusV2Body(body)
    : validateSetSubscriptionStatusBody(body);
  if (!result.ok)
    issues.push(...result.errors.map(({ path, code, message }) => ({ path, code, message })));
  // Only on a body its validator accepted: the count and the exclusions read its lists as such.
  // Both writes have such rules: v1's cap counts all its lists together, which no list's
  // maxItems catches (the fake and Braze refuse 30 external ids with 30 emails).
  if (result.ok) issues.push(...requestWideIssues(operation.operationId, result.value));
  return issues;
}

/** An issue for a body over the operation's `x-max-body-bytes` (it is not read past it). */
export function tooLarge(limit: number, path: string = single.path): BodyIssue {
  return {
    path: "",
    code: "max_body_bytes",
    message: `the body is over ${limit} bytes (the spec's x-max-body-bytes of ${path}): Braze refuses it with 413`,
  };
}

function bodyLimitOf(operation: typeof single | typeof multi): number {
  const declared = (operation.requestBody.extensions as Record<string, unknown>)[
    "x-max-body-bytes"
  ];
  if (typeof declared !== "number")
    throw new Error(`${operation.path} has no x-max-body-bytes in the spec`);
  return declared;
}
