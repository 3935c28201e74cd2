import { readFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { fileHeader, specHash } from "./file-header.js";
import { instanceMap } from "./instance-map.js";
import type { OpenApiDocument } from "./openapi-document.js";
import { operationMetadata } from "./operation-metadata.js";
import { queryArrayFormatOf } from "./query-array-format.js";
import { renderMetadata } from "./render-metadata.js";
import { schemaEnums } from "./schema-enums.js";
import { writeGeneratedFiles } from "./write-generated-files.js";

/** Where the generator reads the spec and where it writes. */
export interface GenerateClientOptions {
  /** Path of the bundled spec (JSON). */
  specPath: string;
  /** Folder that receives `types.gen.ts` and `metadata.gen.ts`; created when missing. */
  outDir: string;
}

const GENERATOR = "@braze-subscriptions/generate-client";

/** Generates the client's types and metadata from a bundled OpenAPI 3.1 spec. */
export async function generateClient(options: GenerateClientOptions): Promise<string[]> {
  const specText = await readFile(options.specPath, "utf8");
  const doc = JSON.parse(specText) as OpenApiDocument;
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1")) {
    throw new Error(`${options.specPath} is not an OpenAPI 3.1 document`);
  }
  const header = fileHeader(GENERATOR, specHash(specText));
  const files = {
    "types.gen.ts": header + (await renderTypes(doc)),
    "metadata.gen.ts":
      header +
      renderMetadata(
        operationMetadata(doc),
        instanceMap(doc),
        queryArrayFormatOf(doc),
        schemaEnums(doc),
      ),
  };
  return writeGeneratedFiles(options.outDir, files);
}

async function renderTypes(doc: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(doc as never, {
    // A field with a `default` is still optional on the request side.
    defaultNonNullable: false,
    // `additionalProperties: false` in the spec must stay a compile error on unknown fields.
    additionalProperties: false,
    exportType: true,
    rootTypes: true,
    silent: true,
  });
  return astToString(ast);
}
