import type { OpenApiDocument, OperationMetadata } from "@braze-subscriptions/generate-client";

/** One named request example of an operation, as the spec states it. */
export interface RequestExample {
  /** The example's key in the spec, e.g. `email`. */
  key: string;
  /** The example's `summary`, when it has one. */
  summary: string | undefined;
  /** The JSON request body; `undefined` for an operation without one. */
  value: unknown;
  /** The query parameters (name → value, an array for several values), when there are any. */
  query?: Record<string, unknown> | undefined;
  /** The path parameters (name → value), when the path has any. */
  path?: Record<string, unknown> | undefined;
}

/** How the operation is authenticated, reduced to the header a sample must send. */
export interface HeaderAuth {
  /** The header's name, e.g. `Authorization`. */
  header: string;
  /** What comes before the secret in the header's value, e.g. `Bearer `. */
  prefix: string;
}

/** The server a sample talks to: the first one the spec lists for the operation. */
export interface SampleServer {
  /** Its base URL, without a trailing slash. */
  url: string;
  /** Its `x-instance` name, when it has one. */
  instance: string | undefined;
}

/** Everything a template may read to render one code sample. */
export interface SampleContext {
  /** The whole bundled spec. */
  doc: OpenApiDocument;
  /** The operation, as `@braze-subscriptions/generate-client` describes it. */
  operation: OperationMetadata;
  /** The first server of the operation, if the spec lists any. */
  server: SampleServer | undefined;
  /** The header carrying the credentials, if the operation needs one. */
  auth: HeaderAuth | undefined;
  /** The request example to render. */
  example: RequestExample;
}

/** A way of calling an operation (a tool, a package) that renders one sample per example. */
export interface SampleTemplate {
  /** The name in Redoc's language menu and the start of each sample's label, e.g. `curl`. */
  label: string;
  /** The language Redoc highlights the sample as, e.g. `curl` or `JavaScript`. */
  lang: string;
  /** The sample's source, or `undefined` when the template does not fit the operation. */
  render(context: SampleContext): string | undefined;
}
