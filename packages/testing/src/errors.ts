/** Base class of every error this package throws (bad options are `TypeError`s instead). */
export class BrazeFakeError extends Error {
  override name = "BrazeFakeError";
}

/** The fake's HTTP server could not listen (port in use, address not available…). */
export class FakeListenError extends BrazeFakeError {
  override name = "FakeListenError";
  constructor(
    /** Where the server tried to listen. */
    readonly address: string,
    options: { cause: unknown },
  ) {
    super(
      `Braze fake: cannot listen on ${address}: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
  }
}

/** The `braze-fake` command line was wrong. */
export class CliUsageError extends BrazeFakeError {
  override name = "CliUsageError";
}
