import { bundledSpec, deref, isObject } from "./bundled-spec.js";
import type { Route } from "./operations.js";

/**
 * Finds, in a multi-group body, identifier lists that must never come together in one request
 * (v2: `emails` and `phones`), and answers with the spec's message for them; `undefined` when
 * the body keeps every rule.
 */
export type RequestConflict = (body: unknown) => string | undefined;

/**
 * The exclusions of `route`'s groups (`mutuallyExclusive` in the generated metadata), checked
 * over the whole request: Braze says emails and phones never come in one request, "even in
 * different groups", which a per-group JSON Schema cannot state. The message is the group
 * rule's `x-error-message` in the spec. Throws if the spec gives a rule without a message.
 */
export function requestConflict(route: Route): RequestConflict {
  const groups = route.body?.groups;
  if (groups === undefined || groups.exclusive.length === 0) return () => undefined;
  const rules = groups.exclusive.map((names) => ({
    names,
    body: JSON.stringify({ message: exclusionMessage(groups.itemSchema, names) }),
  }));
  return (body) => {
    const items = isObject(body) ? body[groups.name] : undefined;
    if (!Array.isArray(items)) return undefined;
    const present = new Set<string>();
    for (const item of items) if (isObject(item)) for (const name in item) present.add(name);
    return rules.find(({ names }) => names.every((name) => present.has(name)))?.body;
  };
}

// The `x-error-message` of the `not: { required: names }` rule of a schema (or of its `allOf`).
function exclusionMessage(schemaName: string, names: readonly string[]): string {
  const components = isObject(bundledSpec) ? bundledSpec.components : undefined;
  const schemas = isObject(components) ? components.schemas : undefined;
  const schema = deref(isObject(schemas) ? schemas[schemaName] : undefined);
  const candidates = isObject(schema) ? [schema, ...(asArray(schema.allOf) ?? [])] : [];
  for (const candidate of candidates.map(deref)) {
    if (!isObject(candidate) || !isObject(candidate.not)) continue;
    const required = asArray(candidate.not.required);
    const same =
      required !== undefined &&
      required.length === names.length &&
      names.every((name) => required.includes(name));
    if (same && typeof candidate["x-error-message"] === "string")
      return candidate["x-error-message"];
  }
  throw new Error(
    `spec: ${schemaName} has no x-error-message for its rule "not both ${names.join(", ")}"`,
  );
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
