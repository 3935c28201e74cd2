/**
 * The environment variables the client (and the runtime and CLI built on it) read on Node,
 * named as community Braze code names them. Explicit options always win over them.
 */
export const environmentVariables = {
  /** The REST API key, when `apiKey` is not given. */
  apiKey: "BRAZE_API_KEY",
  /**
   * Where requests go when neither `instance` nor `baseUrl` is given, first set wins: a base
   * URL (`BRAZE_REST_ENDPOINT`, then `BRAZE_REST_URL`) or an instance name (`BRAZE_INSTANCE`).
   */
  target: ["BRAZE_REST_ENDPOINT", "BRAZE_REST_URL", "BRAZE_INSTANCE"],
} as const;

/** A target found in the environment, with the variable it came from (for error messages). */
export type EnvironmentTarget =
  | { instance: string; from: "BRAZE_INSTANCE" }
  | { baseUrl: string; from: "BRAZE_REST_ENDPOINT" | "BRAZE_REST_URL" };

/**
 * The first target variable that is set (blank counts as unset), or undefined.
 *
 * @param read reads one variable: the host's environment, or the CLI's injected one.
 */
export function targetFromEnvironment(
  read: (name: string) => string | undefined,
): EnvironmentTarget | undefined {
  for (const from of environmentVariables.target) {
    const value = read(from)?.trim();
    if (value === undefined || value === "") continue;
    return from === "BRAZE_INSTANCE" ? { instance: value, from } : { baseUrl: value, from };
  }
  return undefined;
}
