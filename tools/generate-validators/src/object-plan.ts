import type { SchemaModel } from "./schema-model.js";

/** Property name → JavaScript test that the property is present, for an object in scope. */
export type Presence = Map<string, string>;

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
