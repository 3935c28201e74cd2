import { readFile } from "node:fs/promises";
import {
  type OpenApiDocument,
  type OperationMetadata,
  operationMetadata,
  resolveRef,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import {
  type CodeSample,
  enrichSpec,
  operationObject,
  type RequestExample,
  type RuntimeApi,
  rateLimitText,
  requestExamples,
  sampleTemplatesFor,
} from "@braze-subscriptions/generate-docs";

/** The runtime's names this package passes to the generator (`runtime-api.json`). */
export async function readRuntimeApi(): Promise<RuntimeApi> {
  return JSON.parse(
    await readFile(new URL("../../runtime-api.json", import.meta.url), "utf8"),
  ) as RuntimeApi;
}

/** What the page must show, read from the spec it was rendered from (never typed in tests). */
export interface SpecFacts {
  doc: OpenApiDocument;
  title: string;
  serverUrls: string[];
  tag: string;
  operation: OperationMetadata;
  summary: string;
  description: string;
  /** The phrases the description sets in bold (`**…**`), as the page shows them. */
  boldPhrases: string[];
  bodyFields: string[];
  /** Titles of the body's `anyOf` choices (e.g. "by email"), shown as tabs above its fields. */
  bodyChoices: string[];
  examples: RequestExample[];
  /** The code samples the generator adds, as the page must show them. */
  samples: CodeSample[];
  /** The code samples of every operation of the page. */
  allSamples: CodeSample[];
  rateLimitBadge: string;
  rateLimit: number;
  /** The largest `maxItems` of the body's list fields (the identifier cap). */
  maxItems: number;
  responses: Record<string, { description: string; headers: string[]; exampleMessages: string[] }>;
}

type Json = Record<string, unknown>;

/** Reads the facts of the spec's first operation with a rate limit. */
export async function readSpecFacts(specPath: string): Promise<SpecFacts> {
  const doc = JSON.parse(await readFile(specPath, "utf8")) as OpenApiDocument;
  const operation = Object.values(operationMetadata(doc)).find((op) => op.rateLimit !== null);
  if (!operation?.rateLimit || !operation.requestBody)
    throw new Error("The spec has no rate-limited operation with a body");
  const raw = operationObject(doc, operation);
  const bodySchema = resolveRef(doc, {
    $ref: `#/components/schemas/${operation.requestBody.schema}`,
  });
  const enrichedSpec = enrichSpec(doc, sampleTemplatesFor(await readRuntimeApi())).spec;
  const enriched = operationObject(enrichedSpec, operation);
  const allSamples = Object.values(operationMetadata(enrichedSpec)).flatMap(
    (op) => (operationObject(enrichedSpec, op)["x-codeSamples"] as CodeSample[] | undefined) ?? [],
  );
  const description = String(raw.description);
  const info = (doc as unknown as { info: { title: string } }).info;
  return {
    doc,
    title: info.title,
    serverUrls: (doc.servers ?? []).map((server) => server.url),
    tag: String((raw.tags as string[])[0]),
    operation,
    summary: String(raw.summary),
    description,
    boldPhrases: [...description.matchAll(/\*\*(.+?)\*\*/g)].map((m) => plainText(m[1] ?? "")),
    bodyFields: Object.keys(bodySchema.properties ?? {}),
    bodyChoices: choiceTitles(bodySchema),
    examples: requestExamples(doc, raw),
    samples: enriched["x-codeSamples"] as CodeSample[],
    allSamples,
    rateLimitBadge: rateLimitText(operation.rateLimit.limit, operation.rateLimit.intervalMs),
    rateLimit: operation.rateLimit.limit,
    maxItems: Math.max(
      ...Object.values(operation.requestBody.listFields).map((field) => field.maxItems ?? 0),
    ),
    responses: responsesOf(doc, raw.responses as Json),
  };
}

/** The `title`s of the `anyOf` choices among a schema's `allOf` entries. */
function choiceTitles(schema: { allOf?: unknown }): string[] {
  const entries = (schema.allOf ?? []) as Array<{ anyOf?: Array<{ title?: string }> }>;
  return entries.flatMap((entry) => entry.anyOf ?? []).flatMap((choice) => choice.title ?? []);
}

function responsesOf(doc: OpenApiDocument, responses: Json): SpecFacts["responses"] {
  const result: SpecFacts["responses"] = {};
  for (const [status, ref] of Object.entries(responses)) {
    const response = resolveRef(doc, ref as SchemaObject) as Json;
    const media = (response.content as Json | undefined)?.["application/json"] as Json | undefined;
    const examples = Object.values((media?.examples as Json | undefined) ?? {}).map(
      (example) => resolveRef(doc, example as SchemaObject).value as { message?: string },
    );
    result[status] = {
      description: String(response.description),
      headers: Object.keys((response.headers as Json | undefined) ?? {}),
      exampleMessages: examples.flatMap((value) => (value?.message ? [value.message] : [])),
    };
  }
  return result;
}

/** Markdown as the page shows it: no backticks or emphasis marks. */
export function plainText(markdown: string): string {
  return markdown.replace(/[`*]/g, "").replace(/\s+/g, " ").trim();
}

/** The first sentence of a markdown text, as the page shows it. */
export function firstSentence(markdown: string): string {
  return plainText(markdown).split(/(?<=\.)\s/)[0] ?? "";
}

/** Every string in a JSON value (e.g. the identifiers of an example). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}
