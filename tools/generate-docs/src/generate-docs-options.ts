import { type Field, field, optionChecker } from "@braze-subscriptions/option-checks";
import { sampleTemplatesFor } from "./code-samples/default-templates.js";
import type { RuntimeApi } from "./code-samples/runtime-sample.js";
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
   * @default curl, `@braze-subscriptions/client`, and the runtime when `runtimeApi` is given
   */
  sampleTemplates?: readonly SampleTemplate[];
  /**
   * The names of a hand-written runtime over the spec (package, factory, method per
   * operation, field names), for its code samples. Ignored when `sampleTemplates` is given.
   * @default undefined (no runtime samples)
   */
  runtimeApi?: RuntimeApi;
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
  const check = optionChecker("generateDocs");
  const { runtimeApi, ...resolved } = check.fields(check.options(options), {
    specPath: path,
    outDir: path,
    title: field.text(undefined),
    sampleTemplates: field.satisfying(
      isTemplateList,
      "an array of {label, lang, render()} with unique labels",
    ),
    runtimeApi: field.satisfying(
      isRuntimeApi,
      "{packageName, factory, methods, fields} (strings, and objects of strings)",
    ),
  });
  return {
    ...resolved,
    sampleTemplates: resolved.sampleTemplates ?? sampleTemplatesFor(runtimeApi),
  };
}

/** A required path. */
const path: Field<string> = (value, name, check) =>
  value === undefined
    ? check.fail(name, "a non-empty path", value)
    : field.text("", "path")(value, name, check);

function isRuntimeApi(value: unknown): value is RuntimeApi {
  const api = value as Partial<RuntimeApi> | null;
  const strings = (record: unknown) =>
    typeof record === "object" &&
    record !== null &&
    Object.values(record).every((v) => typeof v === "string");
  return (
    typeof api === "object" &&
    api !== null &&
    typeof api.packageName === "string" &&
    typeof api.factory === "string" &&
    strings(api.methods) &&
    strings(api.fields)
  );
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
