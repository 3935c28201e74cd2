import { operationMetadata } from "@braze-subscriptions/client";
import spec from "@braze-subscriptions/openapi/openapi.json" with { type: "json" };

/** The operation under test, from the generated metadata. */
export const operation = operationMetadata.setSubscriptionStatus;
export const PATH = operation.path;
export const KEY = "test-api-key";

/** Sends a body to the fake's endpoint over real HTTP. `key: null` sends no Authorization. */
export function send(
  baseUrl: string,
  body: unknown,
  init: {
    key?: string | null;
    authorization?: string;
    method?: string;
    path?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.authorization !== undefined) headers.Authorization = init.authorization;
  else if (init.key !== null) headers.Authorization = `Bearer ${init.key ?? KEY}`;
  const method = init.method ?? operation.method;
  return fetch(`${baseUrl}${init.path ?? PATH}`, {
    method,
    headers,
    ...(method === "GET" || method === "HEAD"
      ? {}
      : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

/** A valid body. */
export function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subscription_group_id: "group-1",
    subscription_state: "unsubscribed",
    external_id: ["user-1"],
    ...overrides,
  };
}

/** The three rate-limit headers as numbers. */
export function rateHeaders(response: Response): {
  limit: number;
  remaining: number;
  reset: number;
} {
  return {
    limit: Number(response.headers.get("x-ratelimit-limit")),
    remaining: Number(response.headers.get("x-ratelimit-remaining")),
    reset: Number(response.headers.get("x-ratelimit-reset")),
  };
}

/** A JSON example body of a response of the bundled spec (the first one, or the named one). */
export function specExample(
  response: keyof typeof spec.components.responses,
  name?: string,
): unknown {
  const content = spec.components.responses[response].content as Record<
    string,
    { examples?: Record<string, unknown> }
  >;
  const examples = content["application/json"]?.examples ?? {};
  const example = examples[name ?? (Object.keys(examples)[0] as string)] as {
    value?: unknown;
    $ref?: string;
  };
  if (example?.$ref !== undefined) {
    const key = example.$ref.split("/").at(-1) as keyof typeof spec.components.examples;
    return (spec.components.examples[key] as { value: unknown }).value;
  }
  return example?.value;
}
