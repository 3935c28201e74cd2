// HTTP's reason phrases (RFC 9110), not Braze facts: the fallback message of a status the
// spec gives no example body for (500, 504), and the fake's 400 for a body that is not JSON.
const reasons: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Content Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** `{"message": "<reason phrase>"}` for `status`. */
export function reasonBody(status: number): string {
  return JSON.stringify({ message: reasons[status] ?? `HTTP ${status}` });
}

/**
 * The fake's 500 when it failed itself (a bug, or a throwing `onRequest`): the reason, so the
 * test that hit it sees why.
 */
export function internalErrorBody(error: unknown): string {
  return JSON.stringify({
    message: `Braze fake internal error: ${(error as Error)?.message ?? String(error)}`,
  });
}
