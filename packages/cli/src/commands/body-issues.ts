import { operationMetadata } from "@braze-subscriptions/client";
import { type IdentifierType, multiGroupRulesOf } from "@braze-subscriptions/runtime";
import {
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
 * (`POST /subscription/status/set`). The v2 body's validator checks each group; the rules the
 * spec states for the whole request (its `x-max-identifiers`, and emails never with phones in
 * one request) are checked here, as the runtime packs requests. `bytes` is the body's size on
 * disk, checked against the operation's `x-max-body-bytes` (Braze answers 413 above it).
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
  if (isMulti && result.ok) issues.push(...requestIssues(result.value, rules));
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

/** A v2 body's request-wide rules: the identifier cap over all groups, and the exclusions. */
function requestIssues(body: object, rules: ReturnType<typeof multiGroupRulesOf>): BodyIssue[] {
  const groups = (body as Record<string, unknown>)[rules.groupsField] as Record<string, unknown>[];
  const types = Object.keys(rules.fieldOf) as IdentifierType[];
  const present = new Set<IdentifierType>();
  let total = 0;
  for (const group of groups) {
    for (const type of types) {
      const value = group[rules.fieldOf[type]];
      if (value === undefined) continue;
      present.add(type);
      // A field that accepts a single value counts as one identifier.
      total += Array.isArray(value) ? value.length : 1;
    }
  }
  const issues: BodyIssue[] = [];
  const pointer = `/${rules.groupsField}`;
  if (total > rules.maxIdentifiers)
    issues.push({
      path: pointer,
      code: "max_identifiers",
      message: `the request holds ${total} identifiers over all groups, more than ${rules.maxIdentifiers} (the spec's x-max-identifiers of ${multi.path})`,
    });
  for (const exclusive of rules.exclusive) {
    if (exclusive.every((type) => present.has(type)))
      issues.push({
        path: pointer,
        code: "conflict",
        message: `${exclusive.map((type) => rules.fieldOf[type]).join(" and ")} must not be in one request, even in different groups`,
      });
  }
  return issues;
}

function bodyLimitOf(operation: typeof single | typeof multi): number {
  const declared = (operation.requestBody.extensions as Record<string, unknown>)[
    "x-max-body-bytes"
  ];
  if (typeof declared !== "number")
    throw new Error(`${operation.path} has no x-max-body-bytes in the spec`);
  return declared;
}
