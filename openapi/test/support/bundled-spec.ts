import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A JSON object of the bundled spec. */
export type Node = Record<string, unknown>;

/** The bundled spec (`dist/openapi.json`), as the generators read it: run `build` first. */
export const spec = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "dist", "openapi.json"), "utf8"),
) as Node;

/** Follows local `$ref`s (`#/components/...`) until a node that is not a reference. */
export function deref(node: unknown): Node {
  let current = node as Node;
  while (typeof current?.$ref === "string") {
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce<Node>((at, key) => at[key] as Node, spec);
  }
  return current;
}

/** One operation of the spec with where it sits. */
export interface Operation {
  readonly path: string;
  readonly method: string;
  readonly operation: Node;
}

/** Every operation of the spec, in document order. */
export function operations(): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Node)) {
    for (const [method, operation] of Object.entries(deref(item))) {
      found.push({ path, method, operation: deref(operation) });
    }
  }
  return found;
}

/** Every named example of an operation's responses: status, media type, name and example. */
export function responseExamples(
  operation: Node,
): Array<{ status: string; mediaType: string; name: string; example: Node }> {
  const found = [];
  for (const [status, response] of Object.entries(operation.responses as Node)) {
    const content = (deref(response).content ?? {}) as Node;
    for (const [mediaType, media] of Object.entries(content)) {
      const examples = ((media as Node).examples ?? {}) as Node;
      for (const [name, example] of Object.entries(examples)) {
        found.push({ status, mediaType, name, example: deref(example) });
      }
    }
  }
  return found;
}
