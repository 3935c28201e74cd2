import type { CodeSampleLanguage } from "./code-samples/add-code-samples.js";

/** The file names of the spec written beside the page, linked from it for download. */
export const SPEC_FILES = { json: "openapi.json", yaml: "openapi.yaml" } as const;

/**
 * Redoc's options for the page. Download links are relative, so they work from `file://` and
 * from any static host. Redoc only shows code samples whose label its language menu lists.
 */
export function redocOptions(languages: readonly CodeSampleLanguage[]): Record<string, unknown> {
  return {
    downloadUrls: [
      { title: SPEC_FILES.json, url: SPEC_FILES.json },
      { title: SPEC_FILES.yaml, url: SPEC_FILES.yaml },
    ],
    codeSamples: { languages: [...languages, { lang: "Payload", label: "Payload" }] },
    showExtensions: ["x-required-permission"],
    jsonSamplesExpandLevel: "all",
    sortRequiredPropsFirst: true,
  };
}
