/**
 * A spec of one operation, `POST /x` called `operationId`, with `requestBody` as given (its
 * `content` included) and these component schemas: the smallest input a generator test needs.
 */
export function oneOperationSpec(
  requestBody: Record<string, unknown>,
  schemas: Record<string, unknown> = {},
  operationId = "post-x",
): string {
  return JSON.stringify({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/x": { post: { operationId, requestBody, responses: { "204": { description: "ok" } } } },
    },
    components: { schemas },
  });
}
