import { connectionOptions } from "./connection-options.js";
import { jsLiteral } from "./js-literal.js";
import { fillPathTemplate } from "./path-template.js";
import { sampleSettings } from "./sample-settings.js";
import type { RequestExample, SampleTemplate } from "./sample-template.js";

/** The typed fetch client's package and factory, as the sample imports them. */
const CLIENT = { packageName: "@braze-subscriptions/client", factory: "createClient" } as const;

/** A call of the operation with `@braze-subscriptions/client` (openapi-fetch style). */
export const clientSample: SampleTemplate = {
  label: "client",
  lang: "JavaScript",
  render({ operation, server, example }) {
    if (fillPathTemplate(operation.path, example.path) === undefined) return undefined;
    const { variable } = sampleSettings;
    const create = `const ${variable} = ${CLIENT.factory}(`;
    const call = `const { data, error } = await ${variable}.${operation.method}(${JSON.stringify(operation.path)}, `;
    return [
      `import { ${CLIENT.factory} } from "${CLIENT.packageName}";`,
      "",
      `${create}${connectionOptions(server, create.length)});`,
      "",
      `${call}${jsLiteral(clientArguments(example), "", call.length)});`,
    ].join("\n");
  },
};

/** openapi-fetch's second argument: `{ params: { path, query } }` and/or `{ body }`. */
function clientArguments(example: RequestExample): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  if (example.path !== undefined) params.path = example.path;
  if (example.query !== undefined) params.query = example.query;
  if (Object.keys(params).length > 0) init.params = params;
  if (example.value !== undefined) init.body = example.value;
  return init;
}
