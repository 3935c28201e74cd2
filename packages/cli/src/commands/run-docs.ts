import { DocsNotBuiltError, DocsServerError, serveDocs } from "@braze-subscriptions/docs";
import { integerFlag } from "@braze-subscriptions/option-checks";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { type CliIo, writeLine } from "../io.js";
import { listenHint } from "./listen-hint.js";
import { waitForStop } from "./wait-for-stop.js";

/** Flags of `braze-subscriptions docs`, as given. */
export interface DocsCommandOptions {
  /** `--port`: 0 picks a free one. @default "0" */
  port?: string;
}

/**
 * `braze-subscriptions docs`: serves the rendered API docs (offline HTML from the spec)
 * until SIGINT/SIGTERM. The URL is the first line on stdout.
 */
export async function runDocs(options: DocsCommandOptions, io: CliIo): Promise<ExitCodeValue> {
  let port: number;
  try {
    port = integerFlag(options.port ?? "0", "--port", 0, 65_535);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  let server: Awaited<ReturnType<typeof serveDocs>>;
  try {
    server = await serveDocs({ port });
  } catch (error) {
    // A busy port is the user's to fix; docs that were never built are the installation's.
    if (error instanceof DocsServerError)
      throw new UsageError(`${error.message}${listenHint(error)}`, { cause: error });
    if (error instanceof DocsNotBuiltError)
      throw new CliError(error.message, ExitCode.unexpected, { cause: error });
    throw error;
  }
  // Listening for the signals before the URL is out: a script that reads it and stops the
  // server at once must not kill it mid-way (see waitForStop).
  const stopped = waitForStop();
  writeLine(io.stdout, server.url);
  io.stderr.write(`API docs served at ${server.url}; Ctrl-C to stop\n`);
  await stopped;
  await server.close();
  return ExitCode.ok;
}
