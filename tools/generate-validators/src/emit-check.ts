import type { ModuleBuilder } from "./module-builder.js";
import type { SchemaModel } from "./schema-model.js";
import { dispatchByType, jsonTypeTest, runtimeTypeTest } from "./type-sets.js";

/** Property name → JavaScript test that the property is present, for an object in scope. */
export type Presence = Map<string, string>;

// The fast path: one boolean function per schema that returns `false` at the first broken
// rule and allocates nothing. Its verdict is exactly JSON Schema's (checked against Ajv).

/** Emits `function check_X(x: unknown): boolean`. */
export function emitCheckFunction(builder: ModuleBuilder, model: SchemaModel): string {
  const name = builder.checkName(model.pointer);
  const lines = checkStatements(builder, model);
  return `function ${name}(x: unknown): boolean {\n${indent(lines).join("\n")}\n  return true;\n}\n`;
}

function checkStatements(builder: ModuleBuilder, model: SchemaModel): string[] {
  if (model.always !== undefined) return model.always ? [] : ["return false;"];
  const lines: string[] = [];
  if (model.types) {
    lines.push(
      `if (${negate(
        group(
          model.types.map((t) => jsonTypeTest(t, "x")),
          " || ",
        ),
      )}) return false;`,
    );
  }
  if (model.enumValues) {
    lines.push(
      `if (${negate(
        group(
          model.enumValues.map((v) => `x === ${JSON.stringify(v)}`),
          " || ",
        ),
      )}) return false;`,
    );
  }
  if (model.constValue)
    lines.push(`if (x !== ${JSON.stringify(model.constValue.value)}) return false;`);

  const groups = typeGroups(model);
  lines.push(...scoped(groups.string, `typeof x === "string"`, stringChecks(builder, model)));
  lines.push(...scoped(groups.number, `typeof x === "number"`, numberChecks(model)));
  lines.push(...scoped(groups.array, "Array.isArray(x)", arrayChecks(builder, model)));
  let presence: Presence | undefined;
  const objectLines = objectChecks(builder, model);
  if (groups.object === "known") presence = objectLines.presence;
  lines.push(...scoped(groups.object, runtimeTypeTest(["object"], "x"), objectLines.lines));

  if (model.ref) lines.push(`if (!${builder.checkName(model.ref)}(x)) return false;`);
  for (const entry of model.allOf ?? [])
    lines.push(`if (${negate(checkExpr(builder, entry, "x", presence))}) return false;`);
  if (model.anyOf) lines.push(...branchChecks(builder, model.anyOf, "any", presence));
  if (model.oneOf) lines.push(...branchChecks(builder, model.oneOf, "one", presence));
  if (model.not) lines.push(`if (${checkExpr(builder, model.not, "x", presence)}) return false;`);
  return lines;
}

function stringChecks(builder: ModuleBuilder, model: SchemaModel): string[] {
  const lines: string[] = [];
  // Cheap length rules first: a 1 MB string fails here before any regular expression runs.
  if (model.maxLength !== undefined) {
    const n = model.maxLength;
    lines.push(`if (x.length > ${n} && codePointLength(x, ${n}) > ${n}) return false;`);
  }
  if (model.minLength !== undefined && model.minLength > 0) {
    const n = model.minLength;
    lines.push(
      n === 1
        ? "if (x.length === 0) return false;"
        : `if (x.length < ${n} || (x.length < ${2 * n} && codePointLength(x, ${n}) < ${n})) return false;`,
    );
  }
  if (model.format !== undefined)
    lines.push(`if (${negate(builder.formatTest(model.format, "x"))}) return false;`);
  if (model.pattern !== undefined)
    lines.push(`if (${negate(builder.patternTest(model.pattern, "x"))}) return false;`);
  return lines;
}

function numberChecks(model: SchemaModel): string[] {
  const lines: string[] = [];
  if (model.minimum !== undefined) lines.push(`if (x < ${model.minimum}) return false;`);
  if (model.maximum !== undefined) lines.push(`if (x > ${model.maximum}) return false;`);
  if (model.exclusiveMinimum !== undefined)
    lines.push(`if (x <= ${model.exclusiveMinimum}) return false;`);
  if (model.exclusiveMaximum !== undefined)
    lines.push(`if (x >= ${model.exclusiveMaximum}) return false;`);
  return lines;
}

function arrayChecks(builder: ModuleBuilder, model: SchemaModel): string[] {
  const lines: string[] = [];
  if (model.maxItems !== undefined) lines.push(`if (x.length > ${model.maxItems}) return false;`);
  if (model.minItems !== undefined && model.minItems > 0)
    lines.push(`if (x.length < ${model.minItems}) return false;`);
  if (model.items !== undefined) {
    const test = checkExpr(builder, model.items, "item");
    if (test !== "true") {
      lines.push(
        "for (let i = 0; i < x.length; i++) {",
        "  const item: unknown = x[i];",
        `  if (${negate(test)}) return false;`,
        "}",
      );
    }
  }
  return lines;
}

/** How an object's own properties are read; shared by the check and collect emitters. */
export interface ObjectPlan {
  /** Declared properties: name, schema pointer and the local variable holding its value. */
  props: Array<{ name: string; pointer: string; local: string; required: boolean }>;
  /** Required names that are not declared properties (checked with `Object.hasOwn`). */
  undeclaredRequired: string[];
  /** Whether the keys must be walked (extra properties are checked or refused). */
  walkKeys: boolean;
  presence: Presence;
}

/** Plans the reading of an object; `undefined` when the schema has no object keyword. */
export function objectPlan(model: SchemaModel): ObjectPlan | undefined {
  const hasObjectKeyword =
    model.properties ||
    model.required ||
    model.additionalProperties !== undefined ||
    model.minProperties !== undefined ||
    model.maxProperties !== undefined;
  if (!hasObjectKeyword) return undefined;
  const required = new Set(model.required ?? []);
  const props = (model.properties ?? []).map(([name, pointer], i) => ({
    name,
    pointer,
    local: `p${i}`,
    required: required.has(name),
  }));
  const declared = new Set(props.map((p) => p.name));
  const presence: Presence = new Map(props.map((p) => [p.name, `${p.local} !== undefined`]));
  return {
    props,
    undeclaredRequired: [...required].filter((name) => !declared.has(name)),
    walkKeys: model.additionalProperties !== undefined,
    presence,
  };
}

/** The statements every object check starts with: `o`, and `keys` when a rule needs them. */
export function objectPrologue(plan: ObjectPlan, model: SchemaModel): string[] {
  const lines = ["const o = x as Record<string, unknown>;"];
  if (plan.walkKeys || model.minProperties !== undefined || model.maxProperties !== undefined) {
    lines.push("const keys = Object.keys(o);");
  }
  return lines;
}

/** The statements that read each declared property into its local (`undefined` = absent). */
export function readProperties(plan: ObjectPlan, onExtra: string[]): string[] {
  const lines: string[] = [];
  if (plan.walkKeys) {
    // Own enumerable keys only, like JSON.stringify: an inherited or polluted property is
    // never read, and a `__proto__` key is just an unknown key.
    for (const p of plan.props) lines.push(`let ${p.local}: unknown;`);
    lines.push("for (const k of keys) {", "  switch (k) {");
    for (const p of plan.props)
      lines.push(`    case ${JSON.stringify(p.name)}:`, `      ${p.local} = o[k];`, "      break;");
    lines.push("    default:", ...onExtra.map((l) => `      ${l}`), "  }", "}");
  } else {
    for (const p of plan.props) {
      const key = JSON.stringify(p.name);
      lines.push(`const ${p.local} = Object.hasOwn(o, ${key}) ? o[${key}] : undefined;`);
    }
  }
  return lines;
}

function objectChecks(
  builder: ModuleBuilder,
  model: SchemaModel,
): { lines: string[]; presence?: Presence } {
  const plan = objectPlan(model);
  if (!plan) return { lines: [] };
  const lines = objectPrologue(plan, model);
  if (model.maxProperties !== undefined)
    lines.push(`if (keys.length > ${model.maxProperties}) return false;`);
  if (model.minProperties !== undefined)
    lines.push(`if (keys.length < ${model.minProperties}) return false;`);
  const ap = model.additionalProperties;
  const onExtra =
    ap === false
      ? ["return false;"]
      : ap
        ? [`if (${negate(checkExpr(builder, ap, "o[k]"))}) return false;`, "break;"]
        : ["break;"];
  lines.push(...readProperties(plan, onExtra));
  for (const p of plan.props) {
    const test = checkExpr(builder, p.pointer, p.local);
    if (p.required) {
      lines.push(`if (${p.local} === undefined) return false;`);
      if (test !== "true") lines.push(`if (${negate(test)}) return false;`);
    } else if (test === "false") {
      lines.push(`if (${p.local} !== undefined) return false;`);
    } else if (test !== "true") {
      lines.push(`if (${p.local} !== undefined && ${negate(test)}) return false;`);
    }
  }
  for (const name of plan.undeclaredRequired)
    lines.push(`if (!(${ownPresence(name)})) return false;`);
  return { lines, presence: plan.presence };
}

function branchChecks(
  builder: ModuleBuilder,
  branches: string[],
  kind: "any" | "one",
  presence?: Presence,
): string[] {
  const dispatch = dispatchByType(builder.registry, branches);
  if (dispatch) {
    // Branches take different types: exactly the branch of the input's type must pass.
    const lines: string[] = [];
    dispatch.forEach(([types, pointer], i) => {
      lines.push(
        `${i === 0 ? "if" : "} else if"} (${runtimeTypeTest(types, "x")}) {`,
        `  if (${negate(checkExpr(builder, pointer, "x", presence))}) return false;`,
      );
    });
    lines.push("} else {", "  return false;", "}");
    return lines;
  }
  const tests = branches.map((b) => checkExpr(builder, b, "x", presence));
  if (kind === "any") return [`if (${negate(group(tests, " || "))}) return false;`];
  return [`if (${tests.map((t) => `(${t} ? 1 : 0)`).join(" + ")} !== 1) return false;`];
}

/**
 * A boolean expression that `value` passes the schema at `pointer`. Rules that only look at
 * which properties are present (`required`, and `anyOf`/`allOf`/`not` of them) are inlined
 * over the property locals when `presence` is given; anything else calls a check function.
 */
export function checkExpr(
  builder: ModuleBuilder,
  pointer: string,
  value: string,
  presence?: Presence,
): string {
  const model = builder.registry.target(pointer);
  if (model.always !== undefined) return String(model.always);
  const inline = presenceExpr(builder, model, presence);
  if (inline !== undefined) return inline;
  return `${builder.checkName(pointer)}(${value})`;
}

function presenceExpr(
  builder: ModuleBuilder,
  model: SchemaModel,
  presence?: Presence,
): string | undefined {
  if (!presence) return undefined;
  const keys = Object.keys(model).filter(
    (k) => !["pointer", "title", "description", "customError"].includes(k),
  );
  if (keys.length !== 1) return undefined;
  const sub = (pointer: string) =>
    presenceExpr(builder, builder.registry.target(pointer), presence);
  const all = (pointers: string[]) => {
    const parts = pointers.map(sub);
    return parts.every((p) => p !== undefined) ? (parts as string[]) : undefined;
  };
  switch (keys[0]) {
    case "required": {
      const names = model.required ?? [];
      if (!names.every((n) => presence.has(n))) return undefined;
      return names.length === 0
        ? "true"
        : group(
            names.map((n) => presence.get(n) as string),
            " && ",
          );
    }
    case "anyOf": {
      const parts = all(model.anyOf ?? []);
      return parts && group(parts, " || ");
    }
    case "allOf": {
      const parts = all(model.allOf ?? []);
      return parts && group(parts, " && ");
    }
    case "not": {
      const part = sub(model.not as string);
      return part && negate(part);
    }
    default:
      return undefined;
  }
}

/** A test that an object `o` in scope has the own property `name` with a defined value. */
export function ownPresence(name: string): string {
  const key = JSON.stringify(name);
  return `Object.hasOwn(o, ${key}) && o[${key}] !== undefined`;
}

/** Wraps a list of tests in parentheses, joined by an operator. */
export function group(tests: string[], operator: string): string {
  return tests.length === 1 ? (tests[0] as string) : `(${tests.join(operator)})`;
}

/** Negates a boolean expression, adding parentheses only where precedence needs them. */
export function negate(expr: string): string {
  if (expr.startsWith("!") && isAtomic(expr.slice(1))) return unwrap(expr.slice(1));
  return isAtomic(expr) ? `!${expr}` : `!(${expr})`;
}

/** Drops one pair of parentheses around a whole expression. */
export function unwrap(expr: string): string {
  return expr.startsWith("(") && isAtomic(expr) ? expr.slice(1, -1) : expr;
}

// An identifier, a call like `check_X(p0)`, or an expression wrapped in one pair of parentheses.
function isAtomic(expr: string): boolean {
  if (/^[A-Za-z_$][\w$.]*$/.test(expr)) return true;
  const open = expr.indexOf("(");
  if (open < 0 || (open > 0 && !/^[A-Za-z_$][\w$.]*$/.test(expr.slice(0, open)))) return false;
  let depth = 0;
  for (let i = open; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') {
      // Skip a JSON string literal: its parentheses do not count.
      for (i++; i < expr.length && expr[i] !== '"'; i++) if (expr[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i === expr.length - 1;
  }
  return false;
}

/** For each group of type-specific keywords: known to apply, to test at runtime, or never. */
export interface TypeGroups {
  string: Applicability;
  number: Applicability;
  array: Applicability;
  object: Applicability;
}

/** `known`: the schema's only type; `test`: one of several, or no `type` keyword; `never`. */
export type Applicability = "known" | "test" | "never";

/** Which type-specific keyword groups apply to a schema's values. */
export function typeGroups(model: SchemaModel): TypeGroups {
  const of = (...members: string[]): Applicability => {
    if (!model.types) return "test";
    const matching = model.types.filter((t) => members.includes(t));
    if (matching.length === 0) return "never";
    return matching.length === model.types.length ? "known" : "test";
  };
  return {
    string: of("string"),
    number: of("number", "integer"),
    array: of("array"),
    object: of("object"),
  };
}

/**
 * Keywords of one type, either as-is (the schema's single type already guarantees it) or in
 * an `if` so they only apply to values of that type, as JSON Schema says.
 */
export function scoped(applies: Applicability, test: string, lines: string[]): string[] {
  if (lines.length === 0 || applies === "never") return [];
  return applies === "known" ? lines : [`if (${unwrap(test)}) {`, ...indent(lines), "}"];
}

/** Indents lines by two spaces. */
export function indent(lines: string[]): string[] {
  return lines.map((line) => (line === "" ? line : `  ${line}`));
}
