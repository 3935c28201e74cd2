/**
 * What to do when `mock` or `docs` cannot listen, from the cause's errno: the fake's and the
 * docs server's errors say what failed (`listen EADDRINUSE …`) but not what to type next.
 * Empty for any other cause.
 */
export function listenHint(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === "EADDRINUSE")
    return "; another process holds that port; give another --port, or --port 0 for a free one";
  if (code === "EACCES")
    return "; this user may not listen on that port (below 1024?); give --port 0 for a free one";
  return "";
}
