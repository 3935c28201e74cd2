/** The base class of every error `generateDocs` throws (besides `TypeError` for bad options). */
export class GenerateDocsError extends Error {
  override name = "GenerateDocsError";
}

/** The input is not a readable OpenAPI 3.1 document. */
export class SpecError extends GenerateDocsError {
  override name = "SpecError";
}

/** `redocly` exited with an error; `output` holds what it printed. */
export class RedoclyError extends GenerateDocsError {
  override name = "RedoclyError";
  /** The process's exit code, or `null` when it was killed. */
  readonly exitCode: number | null;
  /** What redocly printed on stdout and stderr (its last 4,000 characters). */
  readonly output: string;

  constructor(command: string, exitCode: number | null, output: string, options?: ErrorOptions) {
    const tail = output.slice(-4000);
    super(`redocly ${command} failed (exit code ${exitCode}):\n${tail}`, options);
    this.exitCode = exitCode;
    this.output = tail;
  }
}

/** One place in the page that would make the browser contact another host. */
export interface ExternalReference {
  /** What kind of reference it is, e.g. `css url()` or `src attribute`. */
  kind: string;
  /** The URL or host found. */
  url: string;
  /** Up to 80 characters around the match, to find it in the page. */
  context: string;
}

/**
 * The rendered page still refers to a non-local host (a CDN, fonts, telemetry) or a patch no
 * longer applies: the page would not work offline. Usually means Redoc changed in an upgrade.
 */
export class OfflineCheckError extends GenerateDocsError {
  override name = "OfflineCheckError";
  /** Every reference found. */
  readonly references: readonly ExternalReference[];

  constructor(message: string, references: readonly ExternalReference[] = []) {
    const list = references.map((r) => `\n  - ${r.kind}: ${r.url} (…${r.context}…)`).join("");
    super(`${message}${list}`);
    this.references = references;
  }
}
