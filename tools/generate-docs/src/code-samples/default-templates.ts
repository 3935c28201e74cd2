import { clientSample } from "./client-sample.js";
import { curlSample } from "./curl-sample.js";
import { type RuntimeApi, runtimeSample } from "./runtime-sample.js";
import type { SampleTemplate } from "./sample-template.js";

/** The samples every operation gets without a runtime: curl and the typed client. */
export const defaultSampleTemplates: readonly SampleTemplate[] = [curlSample, clientSample];

/**
 * The samples every operation gets, in the order of Redoc's language menu: curl, the typed
 * client and, when a runtime is described, the runtime's call.
 */
export function sampleTemplatesFor(runtimeApi: RuntimeApi | undefined): readonly SampleTemplate[] {
  return runtimeApi === undefined
    ? defaultSampleTemplates
    : [...defaultSampleTemplates, runtimeSample(runtimeApi)];
}
