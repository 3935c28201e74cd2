import type { OperationMetadata } from "@braze-subscriptions/generate-client";
import { connectionOptions } from "./connection-options.js";
import { jsLiteral } from "./js-literal.js";
import { sampleSettings } from "./sample-settings.js";
import type { RequestExample, SampleTemplate } from "./sample-template.js";

/**
 * What the docs need to know about a hand-written runtime over the spec to show a call of
 * it: its names cannot be derived from the spec, so whoever builds the docs passes them
 * (`@braze-subscriptions/docs` keeps them in its `runtime-api.json`). Nothing about any one
 * API is written in this generator.
 */
export interface RuntimeApi {
  /** The package to import, e.g. `@my-scope/runtime`. */
  packageName: string;
  /** The factory the package exports, called with the connection options. */
  factory: string;
  /** The runtime method serving each operation (by operationId); others get no sample. */
  methods: Readonly<Record<string, string>>;
  /** Request field or query parameter → runtime input field; fields not listed are camel-cased. */
  fields: Readonly<Record<string, string>>;
}

/** `snake_case` → `camelCase`. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The runtime's input for an example: body fields, query and path parameters renamed, and list
 * fields always arrays (the runtime takes any number of identifiers and batches them).
 */
export function runtimeInput(
  api: RuntimeApi,
  operation: OperationMetadata,
  example: Pick<RequestExample, "value" | "query" | "path">,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const lists = { ...operation.query?.listFields, ...operation.requestBody?.listFields };
  const given = {
    ...example.path,
    ...example.query,
    ...(isObject(example.value) ? example.value : {}),
  };
  for (const [field, value] of Object.entries(given)) {
    const name = api.fields[field] ?? camelCase(field);
    input[name] = field in lists && !Array.isArray(value) ? [value] : value;
  }
  return input;
}

/** A call of the operation through the given runtime (batching, limits, retries). */
export function runtimeSample(api: RuntimeApi): SampleTemplate {
  return {
    label: "runtime",
    lang: "JavaScript",
    render({ operation, server, example }) {
      const method = api.methods[operation.operationId];
      if (method === undefined) return undefined;
      const { variable } = sampleSettings;
      const create = `const ${variable} = ${api.factory}(`;
      const call = `const result = await ${variable}.${method}(`;
      return [
        `import { ${api.factory} } from "${api.packageName}";`,
        "",
        `${create}${connectionOptions(server, create.length)});`,
        "",
        `${call}${jsLiteral(runtimeInput(api, operation, example), "", call.length)});`,
      ].join("\n");
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
