import type { OpenApiDocument } from "@braze-subscriptions/generate-client";
import { addCodeSamples, type CodeSampleLanguage } from "./code-samples/add-code-samples.js";
import type { SampleTemplate } from "./code-samples/sample-template.js";
import { addRateLimitBadges } from "./rate-limit-badges.js";

/** The spec Redoc renders, and the code sample languages its menu must list. */
export interface EnrichedSpec {
  spec: OpenApiDocument;
  languages: CodeSampleLanguage[];
}

/**
 * A copy of the spec with what only the docs need: generated `x-codeSamples` and rate limit
 * badges. The spec in `openapi/` stays free of presentation; the input is not changed.
 */
export function enrichSpec(
  doc: OpenApiDocument,
  templates: readonly SampleTemplate[],
): EnrichedSpec {
  const spec = structuredClone(doc);
  const languages = addCodeSamples(spec, templates);
  addRateLimitBadges(spec);
  return { spec, languages };
}
