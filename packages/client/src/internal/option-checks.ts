/**
 * @internal Not part of the public API: no semver promise, may change in any release.
 *
 * The project's private option checks (`@braze-subscriptions/option-checks`, never published),
 * as bundled into this client. `@braze-subscriptions/runtime` imports them from here (its build
 * points its own imports of them at this entry) so that an app using both carries one copy.
 * Runtime and client are released together at the same version, which keeps the two in step.
 */
export * from "@braze-subscriptions/option-checks";
