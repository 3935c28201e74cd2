import {
  type OpenApiDocument,
  resolveRef,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import { UnsupportedSchemaError } from "./errors.js";

const MARKER = "x-request-wide";

// Values that are data, not schemas: a key spelled like the marker in an example is no marker.
const DATA_KEYWORDS = new Set(["example", "examples", "default", "const", "enum"]);

/**
 * Refuses an `x-request-wide` anywhere in a request body's schema (refs followed) other than
 * on the rules the generator lifts (`read`). A marker it does not read would otherwise be
 * dropped in silence: the spec would say a rule holds over the whole request while no
 * consumer (the fake, the CLI, the packer) ever checks it.
 */
export function refuseUnreadMarkers(
  doc: OpenApiDocument,
  schema: SchemaObject,
  read: ReadonlySet<SchemaObject>,
  where: string,
): void {
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const entry of node) visit(entry);
      return;
    }
    const resolved = resolveRef(doc, node as SchemaObject);
    if (resolved !== node) {
      visit(resolved);
      return;
    }
    if (Object.hasOwn(resolved, MARKER) && !read.has(resolved))
      throw new UnsupportedSchemaError(
        where,
        `${MARKER} is read only on a rule of the items of the body's list of objects (the item schema or one of its allOf entries), where it lifts a \`not: { required }\` rule to the whole request; found elsewhere in the body's schema`,
      );
    for (const [key, value] of Object.entries(resolved)) if (!DATA_KEYWORDS.has(key)) visit(value);
  };
  visit(schema);
}
