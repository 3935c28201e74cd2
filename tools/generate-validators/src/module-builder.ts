import { formatRegExp } from "./formats.js";
import type { SchemaModel } from "./schema-model.js";
import type { SchemaRegistry } from "./schema-registry.js";
import { compileSimplePattern } from "./simple-pattern.js";

/** Emits the code of one function for a schema, asking the builder for what it calls. */
export type FunctionEmitter = (builder: ModuleBuilder, model: SchemaModel) => string;

/** The emitter of each kind of function (passed in, so that the emitters sit above this). */
export interface FunctionEmitters {
  check: FunctionEmitter;
  collect: FunctionEmitter;
}

/**
 * Collects the code of one generated module: a fast boolean `check_*` function and a slow,
 * issue-collecting `collect_*` function per schema that needs them, and the regular
 * expressions they share. Functions are emitted on demand, so unused ones never appear.
 */
export class ModuleBuilder {
  readonly registry: SchemaRegistry;
  readonly #emitters: FunctionEmitters;
  readonly #constants = new Map<string, { name: string; code: string }>();
  readonly #functions = new Map<string, string>();
  readonly #pending: Array<{ kind: "check" | "collect"; model: SchemaModel }> = [];

  constructor(registry: SchemaRegistry, emitters: FunctionEmitters) {
    this.registry = registry;
    this.#emitters = emitters;
  }

  /** Name of the boolean check function of the schema at `pointer` (after `$ref`s). */
  checkName(pointer: string): string {
    return this.#need("check", this.registry.target(pointer));
  }

  /** Name of the issue-collecting function of the schema at `pointer` (after `$ref`s). */
  collectName(pointer: string): string {
    return this.#need("collect", this.registry.target(pointer));
  }

  /**
   * A test that the string `value` matches a `pattern`: a generated scan for the simplest
   * patterns (see simple-pattern.ts), else a `RegExp` with the `u` flag, as Ajv compiles them.
   */
  patternTest(source: string, value: string): string {
    const key = `pattern:${source}`;
    let constant = this.#constants.get(key);
    if (!constant) {
      const name = `PATTERN_${this.#constants.size}`;
      const scan = compileSimplePattern(source, `match_${name}`);
      if (scan === undefined) return `${this.#regExp(key, "PATTERN", source, "u")}.test(${value})`;
      constant = { name: `match_${name}`, code: scan };
      this.#constants.set(key, constant);
    }
    return constant.code.startsWith("const ")
      ? `${constant.name}.test(${value})`
      : `${constant.name}(${value})`;
  }

  /** A test that the string `value` has the `format` (ajv-formats' expression for it). */
  formatTest(name: string, value: string): string {
    const re = formatRegExp(name) as RegExp;
    return `${this.#regExp(`format:${name}`, "FORMAT", re.source, re.flags)}.test(${value})`;
  }

  /** Emits every function requested so far (and those they request), in a stable order. */
  drain(): string[] {
    while (this.#pending.length > 0) {
      const { kind, model } = this.#pending.shift() as {
        kind: "check" | "collect";
        model: SchemaModel;
      };
      const key = `${kind}:${model.pointer}`;
      this.#functions.set(key, this.#emitters[kind](this, model));
    }
    return [...this.#functions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, code]) => code);
  }

  /** The module-level regular expressions and pattern scans, in a stable order. */
  constants(): string[] {
    return [...this.#constants.values()].map((c) => c.code);
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

  // Regular expressions are built once, at module load, and shared by every function.
  #regExp(key: string, prefix: string, source: string, flags: string): string {
    let constant = this.#constants.get(key);
    if (!constant) {
      const name = `${prefix}_${this.#constants.size}`;
      constant = {
        name,
        code: `const ${name} = new RegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)});`,
      };
      this.#constants.set(key, constant);
    }
    return constant.name;
  }
}
