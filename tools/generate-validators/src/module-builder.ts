import { emitCheckFunction } from "./emit-check.js";
import { emitCollectFunction } from "./emit-collect.js";
import { formatRegExp } from "./formats.js";
import type { SchemaModel } from "./schema-model.js";
import type { SchemaRegistry } from "./schema-registry.js";

/**
 * Collects the code of one generated module: a fast boolean `check_*` function and a slow,
 * issue-collecting `collect_*` function per schema that needs them, and the regular
 * expressions they share. Functions are emitted on demand, so unused ones never appear.
 */
export class ModuleBuilder {
  readonly registry: SchemaRegistry;
  readonly #constants = new Map<string, { name: string; code: string }>();
  readonly #functions = new Map<string, string>();
  readonly #pending: Array<{ kind: "check" | "collect"; model: SchemaModel }> = [];

  constructor(registry: SchemaRegistry) {
    this.registry = registry;
  }

  /** Name of the boolean check function of the schema at `pointer` (after `$ref`s). */
  checkName(pointer: string): string {
    return this.#need("check", this.registry.target(pointer));
  }

  /** Name of the issue-collecting function of the schema at `pointer` (after `$ref`s). */
  collectName(pointer: string): string {
    return this.#need("collect", this.registry.target(pointer));
  }

  /** A module constant holding the regular expression of a `pattern` (always with `u`). */
  pattern(source: string): string {
    return this.#constant(`pattern:${source}`, "PATTERN", `new RegExp(${JSON.stringify(source)}, "u")`);
  }

  /** A module constant holding the regular expression of a `format`. */
  format(name: string): string {
    const re = formatRegExp(name) as RegExp;
    return this.#constant(`format:${name}`, "FORMAT", `new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)})`);
  }

  /** Emits every function requested so far (and those they request), in a stable order. */
  drain(): string[] {
    while (this.#pending.length > 0) {
      const { kind, model } = this.#pending.shift() as { kind: "check" | "collect"; model: SchemaModel };
      const key = `${kind}:${model.pointer}`;
      this.#functions.set(key, kind === "check" ? emitCheckFunction(this, model) : emitCollectFunction(this, model));
    }
    return [...this.#functions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, code]) => code);
  }

  /** The module constants, in a stable order. */
  constants(): string[] {
    return [...this.#constants.values()].map((c) => `const ${c.name} = ${c.code};`);
  }

  #need(kind: "check" | "collect", model: SchemaModel): string {
    const name = `${kind}_${this.registry.stem(model.pointer)}`;
    const key = `${kind}:${model.pointer}`;
    if (!this.#functions.has(key)) {
      this.#functions.set(key, "");
      this.#pending.push({ kind, model });
    }
    return name;
  }

  #constant(key: string, prefix: string, code: string): string {
    let constant = this.#constants.get(key);
    if (!constant) {
      constant = { name: `${prefix}_${this.#constants.size}`, code };
      this.#constants.set(key, constant);
    }
    return constant.name;
  }
}
