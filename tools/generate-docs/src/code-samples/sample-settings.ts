/**
 * Names the samples use that are conventions of this project, not facts about the API: kept
 * in one place so they are easy to adjust.
 */
export const sampleSettings = {
  /** The environment variable the samples read the API key from. */
  apiKeyEnv: "BRAZE_API_KEY",
  /** The variable holding the client or runtime in the JavaScript samples. */
  variable: "braze",
} as const;
