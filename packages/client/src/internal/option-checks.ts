/**
 * @internal Not part of the public API: no semver promise, may change in any release.
 *
 * The project's private option checks (`@braze-subscriptions/option-checks`, never published),
 * as bundled into this client. `@braze-subscriptions/runtime` imports them from here (its build
 * points its own imports of them at this entry) so that an app using both carries one copy.
 * Runtime and client are released together at the same version, which keeps the two in step.
 *
 * With them, the client's own resolution of its options, which the runtime (resolving them once,
 * in its own name) and the CLI (checking `--api-key` and the target by the same rules) use: not
 * in the public index, where apps would take it for API.
 */
export * from "@braze-subscriptions/option-checks";
export {
  clientOptionNames,
  findApiKey,
  findTarget,
  type ReadEnv,
  type ResolvedClientOptions,
  resolveClientOptions,
  type SourceNames,
  type Target,
} from "../client-options.js";
