/**
 * What to do when `docs` cannot listen, from the cause's errno: the docs server's error says
 * what failed (`listen EADDRINUSE …`) but not what to type next. Empty for any other cause.
 * (`mock` words it as `braze-fake` does, with the testing package's `startFailure`.)
 */
export function listenHint(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === "EADDRINUSE")
    return "; another process holds that port; give another --port, or --port 0 for a free one";
  if (code === "EACCES")
    return "; this user may not listen on that port (below 1024?); give --port 0 for a free one";
  return "";
}
