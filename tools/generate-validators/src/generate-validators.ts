import { readFile } from "node:fs/promises";
import {
  fileHeader,
  type OpenApiDocument,
  specHash,
  writeGeneratedFiles,
} from "@braze-subscriptions/generate-client";
import { InvalidSpecError } from "./errors.js";
import { withQuerySchemas } from "./query-schemas.js";
import { renderValidatorsModule } from "./render-module.js";
import { reachableComponents, requestBodies } from "./request-bodies.js";
import { renderRequestRulesModule, requestRulesOf } from "./request-rules.js";
import { documentedResponses } from "./response-bodies.js";
import { identifierPart, SchemaRegistry } from "./schema-registry.js";

/** Where the generator reads the spec, where it writes, and where value types come from. */
export interface GenerateValidatorsOptions {
  /** Path of the bundled spec (JSON). */
  specPath: string;
  /**
   * Folder that receives `validators.gen.ts`, `request-rules.gen.ts` and `runtime.gen.ts`;
   * created when missing.
   */
  outDir: string;
  /**
   * Module specifier that exports openapi-typescript's `components` (and `operations`) types
   * for the same spec, e.g. `@braze-subscriptions/client` or `./types.gen.js`.
   */
  typesFrom: string;
}

const GENERATOR = "@braze-subscriptions/generate-validators";
const RUNTIME_TEMPLATE = new URL("../templates/runtime.ts", import.meta.url);

/** The generated files, by name. Pure: reads nothing but its arguments and the runtime template. */
export async function renderValidators(
  specText: string,
  typesFrom: string,
): Promise<Record<string, string>> {
  let doc: OpenApiDocument;
  try {
    doc = JSON.parse(specText) as OpenApiDocument;
  } catch (error) {
    throw new InvalidSpecError(`the spec is not JSON: ${(error as Error).message}`);
  }
  if (typeof doc?.openapi !== "string" || !doc.openapi.startsWith("3.1")) {
    throw new InvalidSpecError("the spec is not an OpenAPI 3.1 document");
  }
  const { doc: withQueries, queries } = withQuerySchemas(doc);
  const registry = new SchemaRegistry(withQueries);
  const bodies = requestBodies(doc);
  for (const body of bodies) {
    if (body.component === undefined)
      registry.nameStem(body.pointer, `${identifierPart(body.operationId)}RequestBody`);
  }
  for (const query of queries)
    registry.nameStem(query.pointer, `${identifierPart(query.operationId)}Query`);
  const responses = documentedResponses(doc);
  for (const { operationId, status, bodies: media } of responses) {
    for (const body of media) {
      if (body.component !== undefined) continue;
      const type =
        body.mediaType === "application/json" ? "" : `-${body.mediaType.replaceAll("/", "-")}`;
      registry.nameStem(body.pointer, identifierPart(`${operationId}-${status}${type}-response`));
    }
  }
  const components = reachableComponents(registry, doc, [
    ...bodies.map((b) => b.pointer),
    ...queries.map((q) => q.pointer),
    ...responses.flatMap((r) => r.bodies.map((b) => b.pointer)),
  ]);
  const validators = renderValidatorsModule({
    registry,
    components,
    bodies,
    queries,
    responses,
    typesFrom,
  });
  // After the validators: a spec they refuse is refused with their error, not with this one's.
  const rules = requestRulesOf(doc);
  const header = fileHeader(GENERATOR, specHash(specText));
  const runtime = await readFile(RUNTIME_TEMPLATE, "utf8");
  return {
    "runtime.gen.ts": header + runtime,
    "validators.gen.ts": header + validators,
    "request-rules.gen.ts": header + renderRequestRulesModule(rules),
  };
}

/**
 * Checks the options: each is required and a non-empty string. Throws a `TypeError` naming the
 * option, what was expected and what was given.
 */
export function resolveGenerateValidatorsOptions(
  options: GenerateValidatorsOptions,
): GenerateValidatorsOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `generateValidators: options must be an object, got ${options === null ? "null" : typeof options}`,
    );
  }
  for (const name of ["specPath", "outDir", "typesFrom"] as const) {
    const value: unknown = options[name];
    if (typeof value !== "string" || value.trim() === "") {
      const given =
        typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value;
      throw new TypeError(
        `generateValidators: option "${name}" must be a non-empty string, got ${given}`,
      );
    }
  }
  return { specPath: options.specPath, outDir: options.outDir, typesFrom: options.typesFrom };
}

/**
 * Generates standalone validators for every JSON request body, every operation's query
 * parameters and every documented JSON response body of a bundled OpenAPI 3.1 spec.
 */
export async function generateValidators(given: GenerateValidatorsOptions): Promise<string[]> {
  const options = resolveGenerateValidatorsOptions(given);
  const specText = await readFile(options.specPath, "utf8");
  const files = await renderValidators(specText, options.typesFrom);
  return writeGeneratedFiles(options.outDir, files);
}
