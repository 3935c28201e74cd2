import { resolveLocalRef } from "./json-pointer.js";
import type { JsonObject } from "./json-value.js";
import { isObject } from "./json-value.js";
import type { SpecChange } from "./spec-change.js";

/** Which way a schema's data travels: sent by the client, or received from the server. */
export type Direction = "request" | "response";

/** State shared by one diff: both documents (for `$ref`s) and the changes found so far. */
export interface DiffContext {
  readonly base: JsonObject;
  readonly head: JsonObject;
  readonly changes: SpecChange[];
  /** `$ref` pairs already compared structurally, so recursive schemas terminate. */
  readonly comparedRefs: Set<string>;
}

/** Creates the context of one diff between two bundled specs. */
export function createDiffContext(base: JsonObject, head: JsonObject): DiffContext {
  return { base, head, changes: [], comparedRefs: new Set() };
}

/** Records one change. */
export function record(
  context: DiffContext,
  bump: SpecChange["bump"],
  location: string,
  message: string,
): void {
  context.changes.push({ bump, location, message });
}

/**
 * Follows local `$ref`s of a non-schema object (a parameter, a response, a header, …) so
 * two specs that moved an object into `components` compare by content, not by reference.
 */
export function dereference(document: JsonObject, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === "string"; hops++) {
    current = resolveLocalRef(document, current.$ref);
  }
  return current;
}
