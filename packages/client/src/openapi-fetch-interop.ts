import openapiFetch from "openapi-fetch";

/**
 * openapi-fetch's `createClient`, whichever module system loaded it. Its CommonJS build sets
 * `exports.default` next to `__esModule`, while the CommonJS build of this package follows
 * Node's rule that the default import of a CommonJS module is its whole `module.exports`:
 * without this unwrapping, `require("@braze-subscriptions/client")` users would call that
 * exports object ("is not a function"). The CommonJS consumer test in tools/package-checks
 * covers it.
 */
export const createFetchClient: typeof openapiFetch =
  typeof openapiFetch === "function"
    ? openapiFetch
    : (openapiFetch as unknown as { default: typeof openapiFetch }).default;
