import { CliUsageError, FakeListenError } from "../errors.js";

/**
 * What `braze-fake` and `braze-subscriptions mock` say when the fake cannot start from their
 * flags, worded once: a value `startBrazeFake` refuses (a bucket the spec does not have) or an
 * address it cannot listen on, as a `CliUsageError` (exit 2, the user's to fix); `undefined`
 * for any other error (a bug: exit 1). The bins had worded these apart, and exited 1 and 2
 * for the same busy port.
 */
export function startFailure(error: unknown): CliUsageError | undefined {
  if (!(error instanceof TypeError || error instanceof FakeListenError)) return undefined;
  return new CliUsageError(`cannot start the fake: ${error.message}${listenHint(error)}`, {
    cause: error,
  });
}

/** What to type next when the fake cannot listen, from the cause's errno; else empty. */
function listenHint(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (code === "EADDRINUSE")
    return "; another process holds that port; give another --port, or --port 0 for a free one";
  if (code === "EACCES")
    return "; this user may not listen on that port (below 1024?); give --port 0 for a free one";
  return "";
}
