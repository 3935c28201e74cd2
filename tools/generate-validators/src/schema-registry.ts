import { InvalidSpecError } from "./errors.js";
import { modelSchema, type SchemaModel } from "./schema-model.js";

const COMPONENT_PREFIX = "#/components/schemas/";

/**
 * Finds schemas by JSON pointer in the bundled spec, models each once, and gives each a
 * stable function-name stem derived from its pointer (so generated output is deterministic).
 */
export class SchemaRegistry {
  readonly #doc: unknown;
  readonly #models = new Map<string, SchemaModel>();
  readonly #stems = new Map<string, string>();
  readonly #stemOwners = new Map<string, string>();
  readonly #stemOverrides = new Map<string, string>();

  constructor(doc: unknown) {
    this.#doc = doc;
  }

  /** The model of the schema at `pointer`. */
  model(pointer: string): SchemaModel {
    let model = this.#models.get(pointer);
    if (!model) {
      model = modelSchema(this.#lookup(pointer), pointer);
      this.#models.set(pointer, model);
    }
    return model;
  }

  /** Follows `$ref` chains: the model that holds the schema's own keywords. */
  target(pointer: string): SchemaModel {
    const seen = new Set<string>();
    let model = this.model(pointer);
    while (model.ref !== undefined && isRefOnly(model)) {
      if (seen.has(model.pointer)) throw new InvalidSpecError(`circular $ref at ${model.pointer}`);
      seen.add(model.pointer);
      model = this.model(model.ref);
    }
    return model;
  }

  /** Names the schema at `pointer` (used for inline request bodies, named by operation). */
  nameStem(pointer: string, stem: string): void {
    this.#stemOverrides.set(pointer, stem);
  }

  /** The identifier stem of the schema at `pointer`, e.g. `Emails` or `Emails_oneOf_1`. */
  stem(pointer: string): string {
    const known = this.#stems.get(pointer);
    if (known) return known;
    const stem = this.#stemOverrides.get(pointer) ?? stemOf(pointer, this.#stemOverrides);
    const owner = this.#stemOwners.get(stem);
    if (owner !== undefined && owner !== pointer) {
      throw new InvalidSpecError(
        `${owner} and ${pointer} would both generate validators named ${stem}`,
      );
    }
    this.#stemOwners.set(stem, pointer);
    this.#stems.set(pointer, stem);
    return stem;
  }

  /** The component schema name of a pointer, if it is exactly `#/components/schemas/Name`. */
  componentName(pointer: string): string | undefined {
    if (!pointer.startsWith(COMPONENT_PREFIX)) return undefined;
    const rest = pointer.slice(COMPONENT_PREFIX.length);
    return rest.includes("/") ? undefined : unescapeToken(rest);
  }

  #lookup(pointer: string): unknown {
    if (!pointer.startsWith("#/"))
      throw new InvalidSpecError(`only local references (#/…) are supported, got ${pointer}`);
    let node: unknown = this.#doc;
    for (const token of pointer.slice(1).split("/").slice(1)) {
      const key = unescapeToken(decodeURIComponent(token));
      if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) {
        throw new InvalidSpecError(`unresolvable reference ${pointer}`);
      }
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }
}

/** A `$ref` with nothing beside it but annotations. */
export function isRefOnly(model: SchemaModel): boolean {
  return Object.keys(model).every((key) =>
    ["pointer", "ref", "title", "description"].includes(key),
  );
}

function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

// `#/components/schemas/Emails/oneOf/1` → `Emails_oneOf_1`; a pointer under a named inline
// schema (a request body) keeps that name as its prefix.
function stemOf(pointer: string, overrides: Map<string, string>): string {
  for (const [base, stem] of overrides) {
    if (pointer.startsWith(`${base}/`))
      return `${stem}_${identifierPart(pointer.slice(base.length + 1))}`;
  }
  const rest = pointer.startsWith(COMPONENT_PREFIX)
    ? pointer.slice(COMPONENT_PREFIX.length)
    : pointer.slice(2);
  return identifierPart(rest);
}

/** Turns any text into a PascalCase-ish identifier part (`e164-phone` → `E164Phone`). */
export function identifierPart(text: string): string {
  const parts = unescapeToken(text)
    .split("/")
    .map((segment) =>
      segment
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((word) => word[0]?.toUpperCase() + word.slice(1))
        .join(""),
    );
  let id = parts.filter(Boolean).join("_");
  if (id === "" || /^[0-9]/.test(id)) id = `S${id}`;
  return id;
}
