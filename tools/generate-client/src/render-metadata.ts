import type { OperationMetadata } from "./operation-metadata.js";
import type { QueryArrayFormat } from "./query-array-format.js";

/**
 * Renders the metadata module. Values are emitted `as const`, so a change in the spec (a
 * `maxItems`, a rate limit, an instance) changes the generated types as well as the values.
 */
export function renderMetadata(
  operations: Record<string, OperationMetadata>,
  instances: Record<string, string>,
  queryArrayFormat: QueryArrayFormat,
  enums: Record<string, string[]>,
): string {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return `/** Every operation of the spec, keyed by operationId. */
export const operationMetadata = ${json(operations)} as const;

/** The operationIds of the spec. */
export type OperationId = keyof typeof operationMetadata;

/** Base URL of each named server (\`x-instance\`) of the spec. */
export const instances = ${json(instances)} as const;

/** The names of the spec's servers, e.g. an instance of the API. */
export type InstanceName = keyof typeof instances;

/**
 * How several values of one query parameter go in a URL (the spec's \`x-query-array-format\`):
 * \`"brackets"\` sends \`name[]=a&name[]=b\`, \`"repeat"\` sends \`name=a&name=b\`.
 */
export const queryArrayFormat = ${json(queryArrayFormat)} as const;

/**
 * The values of each named string enum of the spec's schemas, in the spec's order (e.g.
 * \`schemaEnums.SubscriptionState\`): the values behind the generated union types.
 */
export const schemaEnums = ${json(enums)} as const;
`;
}
