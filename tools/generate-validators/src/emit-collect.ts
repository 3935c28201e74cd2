import { group, indent, negate, ownPresence, scoped } from "./code-text.js";
import { checkExpr } from "./emit-check.js";
import { formatNoun } from "./formats.js";
import { text } from "./messages.js";
import type { ModuleBuilder } from "./module-builder.js";
import { objectPlan, objectPrologue, type Presence, readProperties } from "./object-plan.js";
import { escapeToken, type SchemaModel } from "./schema-model.js";
import {
  dispatchByType,
  jsonTypeTest,
  runtimeTypeTest,
  typeGroups,
  typeNames,
} from "./type-sets.js";

// The validating pass: finds every issue (up to a cap) and words each one, in one walk of
// the input. A value that has the wrong type, or breaks one of its own rules, gets one issue
// and is not looked at further; objects and arrays report each field and item. On a valid
// input it does the work of the boolean check plus nothing but a few jumps: paths are only
// built for containers and for values that failed.

/** Emits `function collect_X(x: unknown, path: string, errors: ValidationIssue[]): void`. */
export function emitCollectFunction(builder: ModuleBuilder, model: SchemaModel): string {
  const name = builder.collectName(model.pointer);
  const lines = collectStatements(builder, model);
  return `function ${name}(x: unknown, path: string, errors: ValidationIssue[]): void {\n${indent(lines).join("\n")}\n}\n`;
}

const push = (code: string, message: string, path = "path") =>
  `errors.push(issue(${path}, ${JSON.stringify(code)}, ${message}));`;

function collectStatements(builder: ModuleBuilder, model: SchemaModel): string[] {
  if (model.always !== undefined) {
    return model.always ? [] : [push("not", JSON.stringify("must not be given"))];
  }
  if (model.customError) {
    // The spec words this rule itself (`x-error-message`): one issue, exactly that text.
    const { code, message } = model.customError;
    return [
      `if (${negate(`${builder.checkName(model.pointer)}(x)`)}) {`,
      `  errors.push({ path, code: ${JSON.stringify(code)}, message: ${JSON.stringify(message)} });`,
      "}",
    ];
  }
  const lines: string[] = [];
  if (model.types) {
    const test = group(
      model.types.map((t) => jsonTypeTest(t, "x")),
      " || ",
    );
    lines.push(
      ...guarded(
        negate(test),
        "type",
        `${JSON.stringify(`must be ${typeNames(model.types)}, got `)} + describe(x)`,
      ),
    );
  }
  if (model.enumValues) {
    const test = group(
      model.enumValues.map((v) => `x === ${JSON.stringify(v)}`),
      " || ",
    );
    lines.push(...guarded(negate(test), "enum", JSON.stringify(text.enum(model.enumValues))));
  }
  if (model.constValue) {
    const value = model.constValue.value;
    lines.push(
      ...guarded(`x !== ${JSON.stringify(value)}`, "const", JSON.stringify(text.const(value))),
    );
  }
  const groups = typeGroups(model);
  lines.push(...scoped(groups.string, `typeof x === "string"`, stringIssues(builder, model)));
  lines.push(...scoped(groups.number, `typeof x === "number"`, numberIssues(model)));
  lines.push(...scoped(groups.array, "Array.isArray(x)", arrayIssues(builder, model)));
  const object = objectIssues(builder, model);
  const presence = groups.object === "known" ? object.presence : undefined;
  lines.push(...scoped(groups.object, runtimeTypeTest(["object"], "x"), object.lines));

  if (model.ref) lines.push(...delegate(builder, model.ref, "x", "path"));
  for (const entry of model.allOf ?? [])
    lines.push(...delegate(builder, entry, "x", "path", presence));
  if (model.anyOf) lines.push(...branchIssues(builder, model.anyOf, "anyOf", presence));
  if (model.oneOf) lines.push(...branchIssues(builder, model.oneOf, "oneOf", presence));
  if (model.not) lines.push(...notIssues(builder, model.not, presence));
  return lines;
}

/**
 * Collects a subschema's issues. A leaf (a string, number, … with no subschema) is checked
 * first, so the path string of a valid item is never built; a container is walked directly,
 * so its items are not checked twice.
 */
function delegate(
  builder: ModuleBuilder,
  pointer: string,
  value: string,
  path: string,
  presence?: Presence,
): string[] {
  const test = checkExpr(builder, pointer, value, presence);
  if (test === "true") return [];
  const collect = `${builder.collectName(pointer)}(${value}, ${path}, errors);`;
  // Inlined presence rules (`p2 !== undefined || …`) cost nothing to test first.
  const cheap = isLeaf(builder, pointer) || !/\bcheck_/.test(test);
  return [cheap ? `if (${negate(test)}) ${collect}` : collect];
}

// A schema whose check calls no other schema: checking it twice costs less than a path.
function isLeaf(builder: ModuleBuilder, pointer: string): boolean {
  const model = builder.registry.target(pointer);
  if (
    model.customError ||
    model.items ||
    model.properties ||
    model.allOf ||
    model.anyOf ||
    model.oneOf ||
    model.not
  )
    return false;
  if (typeof model.additionalProperties === "string") return false;
  return model.ref === undefined || isLeaf(builder, model.ref);
}

function guarded(test: string, code: string, message: string): string[] {
  return [`if (${test}) {`, `  ${push(code, message)}`, "  return;", "}"];
}

function stringIssues(builder: ModuleBuilder, model: SchemaModel): string[] {
  const lines: string[] = [];
  if (model.maxLength !== undefined) {
    const n = model.maxLength;
    lines.push(
      ...guarded(
        `x.length > ${n} && codePointLength(x, ${n}) > ${n}`,
        "maxLength",
        JSON.stringify(text.maxLength(n)),
      ),
    );
  }
  if (model.minLength !== undefined && model.minLength > 0) {
    const n = model.minLength;
    lines.push(
      ...guarded(`codePointLength(x, ${n}) < ${n}`, "minLength", JSON.stringify(text.minLength(n))),
    );
  }
  if (model.format !== undefined) {
    lines.push(
      ...guarded(
        negate(builder.formatTest(model.format, "x")),
        "format",
        JSON.stringify(text.format(model.format)),
      ),
    );
  }
  if (model.pattern !== undefined) {
    lines.push(
      ...guarded(
        negate(builder.patternTest(model.pattern, "x")),
        "pattern",
        JSON.stringify(text.pattern(model.pattern)),
      ),
    );
  }
  return lines;
}

function numberIssues(model: SchemaModel): string[] {
  const lines: string[] = [];
  const rules = [
    ["minimum", "<"],
    ["maximum", ">"],
    ["exclusiveMinimum", "<="],
    ["exclusiveMaximum", ">="],
  ] as const;
  for (const [keyword, op] of rules) {
    const n = model[keyword];
    if (n !== undefined)
      lines.push(...guarded(`x ${op} ${n}`, keyword, JSON.stringify(text[keyword](n))));
  }
  return lines;
}

function arrayIssues(builder: ModuleBuilder, model: SchemaModel): string[] {
  const lines: string[] = [];
  // Too many items: the one issue. Checking a million items would only say more of the same.
  if (model.maxItems !== undefined) {
    lines.push(
      ...guarded(
        `x.length > ${model.maxItems}`,
        "maxItems",
        `${JSON.stringify(text.maxItems(model.maxItems))} + x.length`,
      ),
    );
  }
  if (model.minItems !== undefined && model.minItems > 0) {
    lines.push(
      ...guarded(
        `x.length < ${model.minItems}`,
        "minItems",
        JSON.stringify(text.minItems(model.minItems)),
      ),
    );
  }
  if (model.items !== undefined) {
    const body = delegate(builder, model.items, "item", 'path + "/" + i');
    if (body.length > 0) {
      lines.push(
        "for (let i = 0; i < x.length; i++) {",
        "  if (errors.length > MAX_ISSUES) return;",
        "  const item: unknown = x[i];",
        ...indent(body),
        "}",
      );
    }
  }
  return lines;
}

function objectIssues(
  builder: ModuleBuilder,
  model: SchemaModel,
): { lines: string[]; presence?: Presence } {
  const plan = objectPlan(model);
  if (!plan) return { lines: [] };
  const lines = objectPrologue(plan, model);
  if (model.maxProperties !== undefined) {
    lines.push(
      `if (keys.length > ${model.maxProperties}) ${push("maxProperties", JSON.stringify(text.maxProperties(model.maxProperties)))}`,
    );
  }
  if (model.minProperties !== undefined) {
    lines.push(
      `if (keys.length < ${model.minProperties}) ${push("minProperties", JSON.stringify(text.minProperties(model.minProperties)))}`,
    );
  }
  const extraPath = 'path + "/" + pointerToken(k)';
  const ap = model.additionalProperties;
  const allowed = plan.props.map((p) => p.name);
  const onExtra =
    ap === false
      ? [
          "if (errors.length > MAX_ISSUES) return;",
          push(
            "additionalProperties",
            JSON.stringify(text.additionalProperties(allowed)),
            extraPath,
          ),
          "break;",
        ]
      : ap
        ? [
            "if (errors.length > MAX_ISSUES) return;",
            "{",
            "  const extra = o[k];",
            ...indent(delegate(builder, ap, "extra", extraPath)),
            "}",
            "break;",
          ]
        : ["break;"];
  lines.push(...readProperties(plan, onExtra));
  for (const p of plan.props) {
    const path = `path + ${JSON.stringify(`/${escapeToken(p.name)}`)}`;
    const check = delegate(builder, p.pointer, p.local, path);
    if (p.required) {
      lines.push(
        `if (${p.local} === undefined) {`,
        `  ${push("required", JSON.stringify(text.required()), path)}`,
      );
      lines.push(...(check.length > 0 ? ["} else {", ...indent(check), "}"] : ["}"]));
    } else if (check.length > 0) {
      lines.push(`if (${p.local} !== undefined) {`, ...indent(check), "}");
    }
  }
  for (const name of plan.undeclaredRequired) {
    const path = `path + ${JSON.stringify(`/${escapeToken(name)}`)}`;
    lines.push(
      `if (!(${ownPresence(name)})) ${push("required", JSON.stringify(text.required()), path)}`,
    );
  }
  return { lines, presence: plan.presence };
}

function branchIssues(
  builder: ModuleBuilder,
  branches: string[],
  keyword: "anyOf" | "oneOf",
  presence?: Presence,
): string[] {
  const dispatch = dispatchByType(builder.registry, branches);
  if (dispatch) {
    // A string or an array of them, say: report the issues of the branch of the input's type.
    const lines: string[] = [];
    dispatch.forEach(([types, pointer], i) => {
      lines.push(
        `${i === 0 ? "if" : "} else if"} (${runtimeTypeTest(types, "x")}) {`,
        ...indent(delegate(builder, pointer, "x", "path", presence)),
      );
    });
    const all = dispatch.flatMap(([types]) => [...types]);
    lines.push(
      "} else {",
      `  ${push("type", `${JSON.stringify(`must be ${typeNames(all)}, got `)} + describe(x)`)}`,
      "}",
    );
    return lines;
  }
  const requiredOnly = branches.map((b) => requiredOnlyNames(builder, b));
  const tests = branches.map((b) => checkExpr(builder, b, "x", presence));
  if (keyword === "anyOf" && requiredOnly.every((names) => names !== undefined)) {
    const names = [...new Set(requiredOnly.flat() as string[])];
    return [
      `if (${negate(group(tests, " || "))}) ${push("required", JSON.stringify(text.atLeastOneOf(names)))}`,
    ];
  }
  const labels = branches.map((b, i) => branchLabel(builder, b, i));
  if (keyword === "anyOf")
    return [
      `if (${negate(group(tests, " || "))}) ${push("anyOf", JSON.stringify(text.anyOf(labels)))}`,
    ];
  return [
    `if (${tests.map((t) => `(${t} ? 1 : 0)`).join(" + ")} !== 1) ${push("oneOf", JSON.stringify(text.oneOf(labels)))}`,
  ];
}

function notIssues(builder: ModuleBuilder, pointer: string, presence?: Presence): string[] {
  const test = checkExpr(builder, pointer, "x", presence);
  const names = requiredOnlyNames(builder, pointer);
  if (names) return [`if (${test}) ${push("conflict", JSON.stringify(text.conflict(names)))}`];
  return [
    `if (${test}) ${push("not", JSON.stringify(text.not(branchLabel(builder, pointer, 0))))}`,
  ];
}

// The names of a schema that is only `required: [...]` (a presence rule), else undefined.
function requiredOnlyNames(builder: ModuleBuilder, pointer: string): string[] | undefined {
  const model = builder.registry.target(pointer);
  const keys = Object.keys(model).filter((k) => !["pointer", "title", "description"].includes(k));
  return keys.length === 1 && keys[0] === "required" ? model.required : undefined;
}

// How messages name one branch of anyOf/oneOf/not: its component name or title, else what it
// accepts ("an email address", "a string"), else its position.
function branchLabel(builder: ModuleBuilder, pointer: string, index: number): string {
  const model = builder.registry.target(pointer);
  const named = builder.registry.componentName(model.pointer) ?? model.title;
  if (named !== undefined) return named;
  if (model.format !== undefined) return formatNoun(model.format);
  if (model.types) return typeNames(model.types);
  return `option ${index + 1}`;
}
