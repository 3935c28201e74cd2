// The bundled spec is inlined into dist at build time (it is a devDependency, so tsup bundles
// it): the fake answers with the messages of the spec it was built from, in Node and browsers.
import spec from "@braze-subscriptions/openapi/openapi.json" with { type: "json" };

/** The bundled OpenAPI document, untyped: readers below check the shape they rely on. */
export const bundledSpec: unknown = spec;

/** Follows a local `$ref` (`#/components/...`) of the bundled spec, once or several times. */
export function deref(node: unknown): unknown {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 16) throw new Error(`spec: $ref cycle at ${String(current.$ref)}`);
    current = pointer(current.$ref);
  }
  return current;
}

/** Reads `#/a/b/c` from the bundled spec; throws if a segment is missing. */
export function pointer(ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`spec: only local $refs are supported, got ${ref}`);
  let current: unknown = bundledSpec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(current) || !(key in current)) throw new Error(`spec: ${ref} does not exist`);
    current = current[key];
  }
  return current;
}

/** A plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
