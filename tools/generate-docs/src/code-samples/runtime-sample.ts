import type { OperationMetadata } from "@braze-subscriptions/generate-client";
import { connectionOptions } from "./connection-options.js";
import { jsLiteral } from "./js-literal.js";
import { sampleSettings } from "./sample-settings.js";
import type { SampleTemplate } from "./sample-template.js";

/**
 * Everything the docs assume about `@braze-subscriptions/runtime`'s API. The runtime is a
 * hand-written layer over the spec, so its names cannot be derived: adjust them here when
 * the runtime's API changes.
 */
export const runtimeApi = {
  packageName: "@braze-subscriptions/runtime",
  factory: "createBrazeRuntime",
  /** The runtime method serving each operation; operations not listed get no runtime sample. */
  methods: { setSubscriptionStatus: "setStatus" } as Readonly<Record<string, string>>,
  /** Request body field → runtime input field; fields not listed are camel-cased. */
  fields: {
    subscription_group_id: "subscriptionGroupId",
    subscription_state: "state",
    external_id: "externalIds",
    email: "emails",
    phone: "phones",
    use_double_opt_in_logic: "useDoubleOptIn",
  } as Readonly<Record<string, string>>,
};

/** `snake_case` → `camelCase`. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The runtime's input for a request body: fields renamed, and list fields always arrays (the
 * runtime takes any number of identifiers and batches them).
 */
export function runtimeInput(operation: OperationMetadata, body: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (typeof body !== "object" || body === null) return input;
  const listFields = operation.requestBody?.listFields ?? {};
  for (const [field, value] of Object.entries(body)) {
    const name = runtimeApi.fields[field] ?? camelCase(field);
    input[name] = field in listFields && !Array.isArray(value) ? [value] : value;
  }
  return input;
}

/** A call of the operation through `@braze-subscriptions/runtime` (batching, limits, retries). */
export const runtimeSample: SampleTemplate = {
  label: "runtime",
  lang: "JavaScript",
  render({ operation, server, example }) {
    const method = runtimeApi.methods[operation.operationId];
    if (method === undefined) return undefined;
    const { variable } = sampleSettings;
    const create = `const ${variable} = ${runtimeApi.factory}(`;
    const call = `const result = await ${variable}.${method}(`;
    return [
      `import { ${runtimeApi.factory} } from "${runtimeApi.packageName}";`,
      "",
      `${create}${connectionOptions(server, create.length)});`,
      "",
      `${call}${jsLiteral(runtimeInput(operation, example.value), "", call.length)});`,
    ].join("\n");
  },
};
