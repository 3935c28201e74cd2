import { clientSample } from "./client-sample.js";
import { curlSample } from "./curl-sample.js";
import { runtimeSample } from "./runtime-sample.js";
import type { SampleTemplate } from "./sample-template.js";

/** The samples every operation gets, in the order of Redoc's language menu. */
export const defaultSampleTemplates: readonly SampleTemplate[] = [
  curlSample,
  clientSample,
  runtimeSample,
];
