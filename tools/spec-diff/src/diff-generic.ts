import { isDeepStrictEqual } from "node:util";
import { type DiffContext, record } from "./diff-context.js";
import { childPointer } from "./json-pointer.js";
import { isObject, show } from "./json-value.js";

/** Keys whose changes only affect documentation: any change to them is a patch. */
export const DOCS_KEYS: ReadonlySet<string> = new Set([
  "title",
  "summary",
  "description",
  "example",
  "examples",
  "externalDocs",
  "$comment",
  "tags",
  "x-error-message",
]);

/**
 * Compares a value the differ has no specific rule for. Unknown changes are treated as
 * breaking (a release tool must never under-bump); adding something new is additive. Two
 * objects are compared key by key, so a reworded `description` inside stays a patch.
 */
export function diffUnknown(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
  name: string,
): void {
  if (isDeepStrictEqual(base, head)) return;
  if (isObject(base) && isObject(head)) {
    for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
      const here = childPointer(location, key);
      if (DOCS_KEYS.has(key)) diffDocs(context, base[key], head[key], here, key);
      else diffUnknown(context, base[key], head[key], here, `${name}.${key}`);
    }
    return;
  }
  if (base === undefined) record(context, "minor", location, `${name} added: ${show(head)}`);
  else if (head === undefined)
    record(context, "major", location, `${name} removed (was ${show(base)})`);
  else record(context, "major", location, `${name} changed from ${show(base)} to ${show(head)}`);
}

/** Records a documentation-only change when the two values differ. */
export function diffDocs(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
  name: string,
): void {
  if (isDeepStrictEqual(base, head)) return;
  const verb = base === undefined ? "added" : head === undefined ? "removed" : "changed";
  record(context, "patch", location, `${name} ${verb} (documentation only)`);
}
