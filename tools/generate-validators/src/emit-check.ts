import { group, indent, negate, ownPresence, scoped } from "./code-text.js";
import type { ModuleBuilder } from "./module-builder.js";
import { objectPlan, objectPrologue, type Presence, readProperties } from "./object-plan.js";
import type { SchemaModel } from "./schema-model.js";
import { dispatchByType, jsonTypeTest, runtimeTypeTest, typeGroups } from "./type-sets.js";

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
