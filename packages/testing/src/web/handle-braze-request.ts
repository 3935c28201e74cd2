import type { BrazeCore } from "../core/braze-core.js";

/**
 * Answers a WHATWG `Request` like Braze would, with the shared request handling of `core`
 * (the same code path as the HTTP server). A connection reset becomes `Response.error()`,
 * which fetch interceptors such as msw turn into a network error.
 *
 * @param basePath the path of the base URL the client was given (e.g. `/braze` for
 *   `https://proxy.example/braze`), stripped before routing. @default ""
 */
export async function handleBrazeRequest(
  request: Request,
  core: BrazeCore,
  basePath = "",
): Promise<Response> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const { pathname, search } = new URL(request.url);
  const outcome = core.handle({
    method: request.method,
    path:
      basePath !== "" && pathname.startsWith(`${basePath}/`)
        ? pathname.slice(basePath.length)
        : pathname,
    query: search.slice(1),
    header: (name) => request.headers.get(name),
    body: bytes.byteLength > core.maxBodyBytes ? new Uint8Array(0) : bytes,
    bodyBytes: bytes.byteLength,
  });
  if (outcome.delayMs > 0) await sleep(outcome.delayMs, request.signal);
  if (outcome.kind === "reset") return Response.error();
  return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
}

// Resolves early when the client gives up, so a `timeout` fault does not keep a test waiting.
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
