import { connectionOptions } from "./connection-options.js";
import { jsLiteral } from "./js-literal.js";
import { sampleSettings } from "./sample-settings.js";
import type { SampleTemplate } from "./sample-template.js";

/** The typed fetch client's package and factory, as the sample imports them. */
const CLIENT = { packageName: "@braze-subscriptions/client", factory: "createClient" } as const;

/** A call of the operation with `@braze-subscriptions/client` (openapi-fetch style). */
export const clientSample: SampleTemplate = {
  label: "client",
  lang: "JavaScript",
  render({ operation, server, example }) {
    const { variable } = sampleSettings;
    const create = `const ${variable} = ${CLIENT.factory}(`;
    const call = `const { data, error } = await ${variable}.${operation.method}(${JSON.stringify(operation.path)}, `;
    return [
      `import { ${CLIENT.factory} } from "${CLIENT.packageName}";`,
      "",
      `${create}${connectionOptions(server, create.length)});`,
      "",
      `${call}${jsLiteral({ body: example.value }, "", call.length)});`,
    ].join("\n");
  },
};
