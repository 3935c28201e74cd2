import type { Client } from "openapi-fetch";
import {
  type ClientOptions,
  isResolved,
  type ResolvedClientOptions,
  resolveClientOptions,
} from "./client-options.js";
import type { paths } from "./generated/types.gen.js";
import { createFetchClient } from "./openapi-fetch-interop.js";
import { serializeQuery } from "./serialize-query.js";

/** An openapi-fetch client typed by the spec's paths. */
export type BrazeClient = Client<paths>;

/**
 * Creates a typed client for the Braze subscription API.
 *
 * @example
 * const braze = createClient({ instance: "EU-01" }); // the key from BRAZE_API_KEY
 * const { data, error, response } = await braze.POST("/subscription/status/set", {
 *   body: { subscription_group_id: "…", subscription_state: "unsubscribed", email: ["a@example.com"] },
 * });
 */
export function createClient(options: ClientOptions | ResolvedClientOptions = {}): BrazeClient {
  // Options the runtime resolved once (for the several clients it builds) are not checked again.
  const resolved = isResolved(options) ? options : resolveClientOptions(options);
  // The key is kept in a closure and added per request, so it never sits in the client's
  // enumerable config where a logger or an error serializer could reach it.
  const client = createFetchClient<paths>({
    baseUrl: resolved.baseUrl,
    fetch: resolved.fetch,
    headers: resolved.headers,
    // Several values of one parameter are written as the spec's x-query-array-format says.
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
  });
  client.use({
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${resolved.apiKey}`);
      return request;
    },
  });
  return client;
}
