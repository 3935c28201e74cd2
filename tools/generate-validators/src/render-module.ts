import { emitCheckFunction } from "./emit-check.js";
import { emitCollectFunction } from "./emit-collect.js";
import { ModuleBuilder } from "./module-builder.js";
import type { QuerySchema } from "./query-schemas.js";
import type { RequestBody } from "./request-bodies.js";
import type { DocumentedResponse } from "./response-bodies.js";
import type { SchemaRegistry } from "./schema-registry.js";

/** What the validators module exports, and where its value types come from. */
export interface ModulePlan {
  registry: SchemaRegistry;
  /** Component schemas that get `validateX`/`isX`, in spec order. */
  components: string[];
  bodies: RequestBody[];
  /** Operations with query parameters: each gets `validateXQuery`/`isXQuery`. */
  queries?: QuerySchema[];
  /** Every documented response of every operation, with its JSON bodies. */
  responses: DocumentedResponse[];
  /** Module that exports openapi-typescript's `components` and `operations` types. */
  typesFrom: string;
}

// Helpers of runtime.gen.ts, imported only when the generated code uses them.
const RUNTIME_VALUES = [
  "codePointLength",
  "describe",
  "failure",
  "findResponseValidator",
  "issue",
  "MAX_ISSUES",
  "pointerToken",
  "unreadable",
];

/** Renders `validators.gen.ts` (without its header). */
export function renderValidatorsModule(plan: ModulePlan): string {
  const builder = new ModuleBuilder(plan.registry, {
    check: emitCheckFunction,
    collect: emitCollectFunction,
  });
  const exports: string[] = [];
  const schemaEntries: string[] = [];
  const bodyEntries: string[] = [];
  let usesOperations = false;

  for (const name of plan.components) {
    const pointer = `#/components/schemas/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    const stem = plan.registry.stem(pointer);
    const model = plan.registry.model(pointer);
    const what = `\`${name}\` (\`${pointer}\`)`;
    exports.push(
      renderPair(
        builder,
        pointer,
        stem,
        `Schemas[${JSON.stringify(name)}]`,
        what,
        model.description,
      ),
    );
    schemaEntries.push(`  ${JSON.stringify(name)}: validate${stem},`);
  }
  for (const body of plan.bodies) {
    if (body.component !== undefined) {
      const stem = plan.registry.stem(body.pointer);
      bodyEntries.push(`  ${JSON.stringify(body.operationId)}: validate${stem},`);
      continue;
    }
    usesOperations = true;
    const stem = plan.registry.stem(body.pointer);
    const type = `NonNullable<operations[${JSON.stringify(body.operationId)}]["requestBody"]>["content"]["application/json"]`;
    const what = `the JSON request body of \`${body.operationId}\``;
    exports.push(renderPair(builder, body.pointer, stem, type, what, undefined));
    bodyEntries.push(`  ${JSON.stringify(body.operationId)}: validate${stem},`);
  }
  const queryEntries: string[] = [];
  for (const query of plan.queries ?? []) {
    usesOperations = true;
    const stem = plan.registry.stem(query.pointer);
    const type = `NonNullable<operations[${JSON.stringify(query.operationId)}]["parameters"]["query"]>`;
    const what = `query of \`${query.operationId}\` (its query parameters as one object, name → value)`;
    exports.push(renderPair(builder, query.pointer, stem, type, what, undefined));
    queryEntries.push(`  ${JSON.stringify(query.operationId)}: validate${stem},`);
  }
  const responseEntries: string[] = [];
  let operation: string | undefined;
  for (const response of plan.responses) {
    if (response.operationId !== operation) {
      if (operation !== undefined) responseEntries.push("  }),");
      operation = response.operationId;
      responseEntries.push(`  ${JSON.stringify(operation)}: table({`);
    }
    const media: string[] = [];
    for (const body of response.bodies) {
      const stem = plan.registry.stem(body.pointer);
      if (body.component === undefined) {
        usesOperations = true;
        const type = `operations[${JSON.stringify(response.operationId)}]["responses"][${JSON.stringify(response.status)}]["content"][${JSON.stringify(body.mediaType)}]`;
        const what = `the ${body.mediaType} body of \`${response.operationId}\`'s ${response.status} response`;
        exports.push(renderPair(builder, body.pointer, stem, type, what, undefined));
      }
      media.push(`${JSON.stringify(body.mediaType)}: validate${stem}`);
    }
    responseEntries.push(`    ${JSON.stringify(response.status)}: table({ ${media.join(", ")} }),`);
  }
  if (operation !== undefined) responseEntries.push("  }),");
  const functions = builder.drain();
  const constants = builder.constants();

  const code = [
    ...constants,
    "",
    ...exports,
    "/**",
    " * The validator of each component schema a request or response body uses, keyed by schema name, so",
    " * code can pick one from the spec's metadata (e.g. a list field's `itemSchema`).",
    " */",
    "export const schemaValidators: Readonly<Record<string, Validator<unknown>>> = table({",
    ...schemaEntries,
    "});",
    "",
    "/** The validator of each operation's JSON request body, keyed by operationId. */",
    "export const requestBodyValidators: Readonly<Record<string, Validator<unknown>>> = table({",
    ...bodyEntries,
    "});",
    "",
    "/**",
    " * The validator of each operation's query parameters, keyed by operationId: the object of",
    " * parameters (name → value, an array for several values) with the spec's rules across them.",
    " */",
    "export const queryValidators: Readonly<Record<string, Validator<unknown>>> = table({",
    ...queryEntries,
    "});",
    "",
    "/**",
    " * The validators of each operation's documented JSON response bodies, keyed by operationId,",
    ' * then by status key as the spec writes it ("201", "2XX", "default"), then by media type.',
    " * A documented status without a JSON body maps to an empty table.",
    " */",
    "export const responseBodyValidators: Readonly<Record<string, ResponseValidators>> = table({",
    ...responseEntries,
    "});",
    "",
    "/**",
    " * The validator of the body `operationId` documents for an answer's `httpStatus` and",
    " * `Content-Type`, or `undefined` when the spec documents no JSON body for them: then the",
    " * answer is not one the spec describes. Status keys are matched as OpenAPI says (the exact",
    ' * code, else its range such as "2XX", else "default"); the content type by its media type',
    " * alone (case and parameters such as `charset` ignored).",
    " */",
    "export function responseBodyValidator(operationId: string, httpStatus: number, contentType: string | null | undefined): Validator<unknown> | undefined {",
    "  return findResponseValidator(responseBodyValidators[operationId], httpStatus, contentType);",
    "}",
    "",
    '// Null prototype: a lookup of "constructor" or "__proto__" finds nothing, not Object\'s.',
    "function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {",
    "  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));",
    "}",
    "",
    ...functions,
  ].join("\n");

  const values = RUNTIME_VALUES.filter((name) => new RegExp(`\\b${name}\\b`).test(code));
  const typeImports = ["components", ...(usesOperations ? ["operations"] : [])];
  const imports = [
    `import type { ${typeImports.join(", ")} } from ${JSON.stringify(plan.typesFrom)};`,
    `import { ${[...values, "type ResponseValidators", "type ValidationIssue", "type ValidationResult", "type Validator"].join(", ")} } from "./runtime.gen.js";`,
    "",
    'type Schemas = components["schemas"];',
    "",
  ];
  return `${imports.join("\n")}\n${code.trimEnd()}\n`;
}

function renderPair(
  builder: ModuleBuilder,
  pointer: string,
  stem: string,
  type: string,
  what: string,
  description: string | undefined,
): string {
  const check = builder.checkName(pointer);
  const collect = builder.collectName(pointer);
  const about = description ? `\n *\n * ${firstSentence(description)}` : "";
  return `/**
 * Validates ${what}.${about}
 *
 * Never throws: returns the input typed, or every issue found (JSON pointer, code, message).
 */
export function validate${stem}(input: unknown): ValidationResult<${type}> {
  const errors: ValidationIssue[] = [];
  try {
    ${collect}(input, "", errors);
    if (errors.length === 0) return { ok: true, value: input as ${type} };
  } catch (error) {
    errors.push(unreadable(error));
  }
  return failure(errors);
}

/** Whether a value is a valid ${what}. Never throws. */
export function is${stem}(input: unknown): input is ${type} {
  try {
    return ${check}(input);
  } catch {
    return false;
  }
}
`;
}

// JSDoc gets the first sentence of the schema's description, on one line.
function firstSentence(description: string): string {
  const flat = description.replace(/\s+/g, " ").trim().replaceAll("*/", "*\\/");
  const end = flat.search(/\.(\s|$)/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}
