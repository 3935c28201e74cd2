import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileHeader, type OpenApiDocument, specHash } from "@braze-subscriptions/generate-client";
import { InvalidSpecError } from "./errors.js";
import { renderValidatorsModule } from "./render-module.js";
import { reachableComponents, requestBodies } from "./request-bodies.js";
import { identifierPart, SchemaRegistry } from "./schema-registry.js";

/** Where the generator reads the spec, where it writes, and where value types come from. */
export interface GenerateValidatorsOptions {
  /** Path of the bundled spec (JSON). */
  specPath: string;
  /** Folder that receives `validators.gen.ts` and `runtime.gen.ts`; created when missing. */
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
  const registry = new SchemaRegistry(doc);
  const bodies = requestBodies(doc);
  for (const body of bodies) {
    if (body.component === undefined)
      registry.nameStem(body.pointer, `${identifierPart(body.operationId)}RequestBody`);
  }
  const components = reachableComponents(
    registry,
    doc,
    bodies.map((b) => b.pointer),
  );
  const header = fileHeader(GENERATOR, specHash(specText));
  const runtime = await readFile(RUNTIME_TEMPLATE, "utf8");
  return {
    "runtime.gen.ts": header + runtime,
    "validators.gen.ts":
      header + renderValidatorsModule({ registry, components, bodies, typesFrom }),
  };
}

/** Generates standalone validators for every JSON request body of a bundled OpenAPI 3.1 spec. */
export async function generateValidators(options: GenerateValidatorsOptions): Promise<string[]> {
  const specText = await readFile(options.specPath, "utf8");
  const files = await renderValidators(specText, options.typesFrom);
  await mkdir(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, contents] of Object.entries(files)) {
    const path = join(options.outDir, name);
    await writeFile(path, contents);
    written.push(path);
  }
  return written;
}
