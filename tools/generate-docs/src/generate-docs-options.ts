import { defaultSampleTemplates } from "./code-samples/default-templates.js";
import type { SampleTemplate } from "./code-samples/sample-template.js";

/** Options of {@link generateDocs}. */
export interface GenerateDocsOptions {
  /** Path of the bundled OpenAPI 3.1 spec (JSON), e.g. `openapi/dist/openapi.json`. Required. */
  specPath: string;
  /** Folder that receives `index.html`, `openapi.json` and `openapi.yaml`; created when missing. Required. */
  outDir: string;
  /**
   * The page's `<title>`.
   * @default the spec's `info.title`
   */
  title?: string;
  /**
   * How code samples are written, in the order of Redoc's language menu; each renders one
   * sample per request example.
   * @default defaultSampleTemplates (curl, `@braze-subscriptions/client`, `@braze-subscriptions/runtime`)
   */
  sampleTemplates?: readonly SampleTemplate[];
}

/** {@link GenerateDocsOptions} with every default applied. */
export interface ResolvedGenerateDocsOptions {
  specPath: string;
  outDir: string;
  title: string | undefined;
  sampleTemplates: readonly SampleTemplate[];
}

/**
 * Checks the options and applies defaults. A bad value throws a `TypeError` naming the
 * option, what was expected and what was given.
 */
export function resolveGenerateDocsOptions(
  options: GenerateDocsOptions,
): ResolvedGenerateDocsOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`generateDocs: options must be an object, got ${describe(options)}`);
  }
  const { specPath, outDir, title, sampleTemplates } = options;
  for (const [name, value] of [
    ["specPath", specPath],
    ["outDir", outDir],
  ] as const) {
    if (typeof value !== "string" || value.trim() === "") {
      throw new TypeError(
        `generateDocs: option "${name}" must be a non-empty path, got ${describe(value)}`,
      );
    }
  }
  if (title !== undefined && (typeof title !== "string" || title.trim() === "")) {
    throw new TypeError(
      `generateDocs: option "title" must be a non-empty string, got ${describe(title)}`,
    );
  }
  if (sampleTemplates !== undefined && !isTemplateList(sampleTemplates)) {
    throw new TypeError(
      `generateDocs: option "sampleTemplates" must be an array of {label, lang, render()} with unique labels, got ${describe(sampleTemplates)}`,
    );
  }
  return { specPath, outDir, title, sampleTemplates: sampleTemplates ?? defaultSampleTemplates };
}

function isTemplateList(value: unknown): value is readonly SampleTemplate[] {
  if (!Array.isArray(value)) return false;
  const labels = new Set<string>();
  for (const item of value as Partial<SampleTemplate>[]) {
    const valid =
      typeof item === "object" &&
      item !== null &&
      typeof item.label === "string" &&
      item.label !== "" &&
      typeof item.lang === "string" &&
      typeof item.render === "function";
    if (!valid || labels.has(item.label as string)) return false;
    labels.add(item.label as string);
  }
  return true;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
