import { resolve } from "node:path";

/** Options of {@link checkSpec}. Every field is optional. */
export interface CheckOptions {
  /**
   * The repository root: where `.changeset/` and the spec folder are.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * The git ref to compare the working tree with.
   * @default the last release commit: the newest commit that changed the spec package's `version`
   */
  base?: string;
  /**
   * The spec's entry file, relative to `cwd`. Its folder's `package.json` names the package
   * whose release group must be bumped.
   * @default "openapi/openapi.yaml"
   */
  spec?: string;
}

/** {@link CheckOptions} with every default applied (`base` stays undefined: resolved from git). */
export interface ResolvedCheckOptions {
  cwd: string;
  base: string | undefined;
  spec: string;
}

/** Checks options and applies defaults; a bad value throws a `TypeError` naming the option. */
export function resolveCheckOptions(options: CheckOptions = {}): ResolvedCheckOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`checkSpec: options must be an object, got ${typeof options}`);
  }
  for (const name of ["cwd", "base", "spec"] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
      throw new TypeError(
        `checkSpec: option "${name}" must be a non-empty string, got ${JSON.stringify(value)}`,
      );
    }
  }
  const cwd = resolve(options.cwd ?? process.cwd());
  return { cwd, base: options.base, spec: resolve(cwd, options.spec ?? "openapi/openapi.yaml") };
}
