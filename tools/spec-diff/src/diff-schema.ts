import { isDeepStrictEqual } from "node:util";
import { type DiffContext, type Direction, record } from "./diff-context.js";
import { DOCS_KEYS, diffDocs, diffUnknown } from "./diff-generic.js";
import { childPointer, resolveLocalRef } from "./json-pointer.js";
import { asObject, isObject, type JsonObject, show } from "./json-value.js";

/** Upper bounds: lowering or adding one tightens the schema. */
const UPPER_LIMITS = new Set([
  "maxItems",
  "maxLength",
  "maximum",
  "exclusiveMaximum",
  "maxProperties",
  "maxContains",
]);
/** Lower bounds: raising or adding one tightens the schema. */
const LOWER_LIMITS = new Set([
  "minItems",
  "minLength",
  "minimum",
  "exclusiveMinimum",
  "minProperties",
  "minContains",
]);
/** Keywords that restrict values in ways that cannot be ordered: any new value may reject data. */
const RESTRICTIONS = new Set(["pattern", "format", "multipleOf", "const"]);
/** Keywords whose branches are alternatives: removing one rejects data, adding one accepts more. */
const ALTERNATIVES = new Set(["oneOf", "anyOf"]);
/** Keywords whose subschemas travel the same way as the parent's data. */
const SUBSCHEMAS = new Set(["items", "contains", "propertyNames", "additionalItems"]);
/** Keywords compared after the loop, together: `required` only means something with `properties`. */
const HANDLED_ELSEWHERE = new Set(["required", "properties"]);

/**
 * Compares two schemas that sit at the same place of the two specs. `directions` says whether
 * the data is sent (request), received (response) or both; it matters for `required` (a new
 * required request field breaks callers, a new required response field does not) and `enum`
 * (fewer values: see {@link diffEnum}).
 */
export function diffSchema(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
  directions: ReadonlySet<Direction>,
): void {
  if (isDeepStrictEqual(base, head)) return;
  const baseRef = refOf(base);
  const headRef = refOf(head);
  if (baseRef !== undefined || headRef !== undefined) {
    // Equal refs to a component schema are compared once, under components/schemas.
    if (baseRef === headRef) return;
    const pair = `${baseRef ?? location}→${headRef ?? location}`;
    if (context.comparedRefs.has(pair)) return;
    context.comparedRefs.add(pair);
    const baseTarget = baseRef === undefined ? base : resolveLocalRef(context.base, baseRef);
    const headTarget = headRef === undefined ? head : resolveLocalRef(context.head, headRef);
    diffSchema(context, baseTarget, headTarget, location, directions);
    return;
  }
  if (!isObject(base) || !isObject(head)) {
    if (base === undefined) record(context, "minor", location, "schema added");
    else if (head === undefined) record(context, "major", location, "schema removed");
    else record(context, "major", location, `schema changed from ${show(base)} to ${show(head)}`);
    return;
  }
  const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
  for (const key of keys) {
    const here = childPointer(location, key);
    const before = base[key];
    const after = head[key];
    if (HANDLED_ELSEWHERE.has(key) || isDeepStrictEqual(before, after)) continue;
    if (DOCS_KEYS.has(key)) diffDocs(context, before, after, here, key);
    else if (key === "type") diffType(context, before, after, here);
    else if (key === "enum") diffEnum(context, before, after, here, directions);
    else if (UPPER_LIMITS.has(key)) diffLimit(context, before, after, here, key, "upper");
    else if (LOWER_LIMITS.has(key)) diffLimit(context, before, after, here, key, "lower");
    else if (RESTRICTIONS.has(key)) diffRestriction(context, before, after, here, key);
    else if (ALTERNATIVES.has(key))
      diffBranches(context, before, after, here, key, directions, "alternatives");
    else if (key === "allOf")
      diffBranches(context, before, after, here, key, directions, "constraints");
    else if (key === "prefixItems")
      diffBranches(context, before, after, here, key, directions, "constraints");
    else if (SUBSCHEMAS.has(key)) diffSchema(context, before, after, here, directions);
    else if (key === "additionalProperties" || key === "unevaluatedProperties")
      diffOpenness(context, before, after, here, key, directions);
    else if (key === "uniqueItems" || key === "deprecated")
      diffFlag(context, before, after, here, key);
    else if (key === "nullable") diffFlag(context, after, before, here, "non-nullable");
    else if (key === "default")
      record(context, "minor", here, `default changed from ${show(before)} to ${show(after)}`);
    else if (key.startsWith("x-")) diffUnknown(context, before, after, here, key);
    // An unknown keyword (if/then, dependentRequired, …) may reject data: added counts as breaking.
    else if (after !== undefined)
      record(
        context,
        "major",
        here,
        `${key} ${before === undefined ? "added" : "changed"}: ${show(after)}`,
      );
    else record(context, "minor", here, `${key} removed (was ${show(before)})`);
  }
  diffProperties(context, base, head, childPointer(location, "properties"), directions);
  diffBareRequired(context, base, head, location);
}

function refOf(schema: unknown): string | undefined {
  return isObject(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined;
}

function typeSet(type: unknown): Set<string> {
  if (type === undefined) return new Set(["any"]);
  return new Set((Array.isArray(type) ? type : [type]).map(String));
}

function diffType(context: DiffContext, before: unknown, after: unknown, location: string): void {
  const was = typeSet(before);
  const now = typeSet(after);
  const lost = [...was].filter((type) => !now.has(type));
  const message = `type changed from ${[...was].join("|")} to ${[...now].join("|")}`;
  record(context, lost.length > 0 ? "major" : "minor", location, message);
}

/**
 * Fewer values accepted breaks what callers send; in what they only receive it narrows what
 * they must handle (as a new required response field does), and an SDK that checks answers
 * then refuses the values the spec no longer documents: minor.
 */
function diffEnum(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  directions: ReadonlySet<Direction>,
): void {
  const narrowing = directions.has("request") ? "major" : "minor";
  if (!Array.isArray(before)) {
    record(context, narrowing, location, `values now restricted to ${show(after)}`);
    return;
  }
  if (!Array.isArray(after)) {
    record(context, "minor", location, `enum removed (was ${show(before)})`);
    return;
  }
  for (const value of before) {
    if (!after.some((other) => isDeepStrictEqual(other, value)))
      record(context, narrowing, location, `enum value ${show(value)} removed`);
  }
  for (const value of after) {
    if (!before.some((other) => isDeepStrictEqual(other, value)))
      record(context, "minor", location, `enum value ${show(value)} added`);
  }
}

function requiredSet(schema: JsonObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
}

function diffProperties(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
  directions: ReadonlySet<Direction>,
): void {
  const before = asObject(base.properties);
  const after = asObject(head.properties);
  const requiredBefore = requiredSet(base);
  const requiredAfter = requiredSet(head);
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const here = childPointer(location, name);
    if (!(name in after)) {
      record(context, "major", here, `field "${name}" removed`);
    } else if (!(name in before)) {
      const required = requiredAfter.has(name);
      const breaks = required && directions.has("request");
      const kind = required ? "required" : "optional";
      record(context, breaks ? "major" : "minor", here, `new ${kind} field "${name}"`);
    } else {
      const wasRequired = requiredBefore.has(name);
      const isRequired = requiredAfter.has(name);
      if (!wasRequired && isRequired) {
        const breaks = directions.has("request");
        record(context, breaks ? "major" : "minor", here, `field "${name}" is now required`);
      } else if (wasRequired && !isRequired) {
        // Clients reading a response may rely on a field that can now be missing.
        const breaks = directions.has("response");
        record(context, breaks ? "major" : "minor", here, `field "${name}" is no longer required`);
      }
      diffSchema(context, before[name], after[name], here, directions);
    }
  }
}

/** `required` entries that name no property (as in `anyOf: [{required: [email]}]`). */
function diffBareRequired(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
): void {
  const properties = new Set([
    ...Object.keys(asObject(base.properties)),
    ...Object.keys(asObject(head.properties)),
  ]);
  const before = requiredSet(base);
  const after = requiredSet(head);
  const here = childPointer(location, "required");
  for (const name of after) {
    if (!before.has(name) && !properties.has(name))
      record(context, "major", here, `"${name}" is now required`);
  }
  for (const name of before) {
    if (!after.has(name) && !properties.has(name))
      record(context, "minor", here, `"${name}" is no longer required`);
  }
}

function diffLimit(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  key: string,
  bound: "upper" | "lower",
): void {
  let tightened: boolean;
  if (typeof before !== "number") tightened = true;
  else if (typeof after !== "number") tightened = false;
  else tightened = bound === "upper" ? after < before : after > before;
  const verb = tightened ? "tightened" : "loosened";
  record(
    context,
    tightened ? "major" : "minor",
    location,
    `${key} ${verb} from ${show(before)} to ${show(after)}`,
  );
}

function diffRestriction(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  key: string,
): void {
  if (after === undefined)
    record(context, "minor", location, `${key} removed (was ${show(before)})`);
  // Whether a new pattern or format accepts everything the old one did is undecidable in
  // general, so any new value counts as a tightening.
  else
    record(context, "major", location, `${key} tightened from ${show(before)} to ${show(after)}`);
}

function diffBranches(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  key: string,
  directions: ReadonlySet<Direction>,
  kind: "alternatives" | "constraints",
): void {
  const was = Array.isArray(before) ? before : [];
  const now = Array.isArray(after) ? after : [];
  const length = Math.max(was.length, now.length);
  for (let index = 0; index < length; index++) {
    const here = childPointer(location, index);
    if (index >= now.length) {
      const bump = kind === "alternatives" ? "major" : "minor";
      record(context, bump, here, `${key} branch ${index} removed`);
    } else if (index >= was.length) {
      const bump = kind === "alternatives" ? "minor" : "major";
      record(context, bump, here, `${key} branch ${index} added`);
    } else {
      diffSchema(context, was[index], now[index], here, directions);
    }
  }
}

function diffOpenness(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  key: string,
  directions: ReadonlySet<Direction>,
): void {
  const closedBefore = before === false;
  const closedAfter = after === false;
  if (!closedBefore && closedAfter) record(context, "major", location, `${key} now refused`);
  else if (closedBefore && !closedAfter) record(context, "minor", location, `${key} now allowed`);
  else if (isObject(before) && isObject(after))
    diffSchema(context, before, after, location, directions);
  else record(context, "major", location, `${key} changed from ${show(before)} to ${show(after)}`);
}

/** A flag whose `true` restricts (or, for `deprecated`, warns): turning it on is the larger change. */
function diffFlag(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  key: string,
): void {
  const on = after === true && before !== true;
  if (key === "deprecated")
    record(context, on ? "minor" : "patch", location, on ? "deprecated" : "no longer deprecated");
  else record(context, on ? "major" : "minor", location, `${key} turned ${on ? "on" : "off"}`);
}
