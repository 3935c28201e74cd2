import { isDeepStrictEqual } from "node:util";
import { type DiffContext, record } from "./diff-context.js";
import { show } from "./json-value.js";

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
 * breaking (a release tool must never under-bump); adding something new is additive.
 */
export function diffUnknown(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
  name: string,
): void {
  if (isDeepStrictEqual(base, head)) return;
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
