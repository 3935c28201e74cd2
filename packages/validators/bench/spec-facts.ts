import { loadSpec } from "../test/support/spec.js";

// The facts the benchmark's hand-written parts need, read from the bundled spec so that they
// never restate it.
const schemas = loadSpec().components.schemas;

/** The value of `key` on the component schema `name` (e.g. `maxLength` of `Email`). */
export function schemaRule(name: string, key: string): unknown {
  return schemas[name]?.[key];
}

/** The `x-error-message` of the body's cross-field rule with this `x-error-code`. */
export function crossFieldMessage(code: string): string | undefined {
  const rules = schemaRule("SetSubscriptionStatusBody", "allOf") as Record<string, string>[];
  return rules.find((rule) => rule["x-error-code"] === code)?.["x-error-message"];
}

/** The most identifiers one request carries: the `maxItems` of the `Emails` array branch. */
export const batchSize = (schemaRule("Emails", "oneOf") as { maxItems?: number }[])[1]
  ?.maxItems as number;
