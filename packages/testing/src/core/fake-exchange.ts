/** A request as the core sees it, whatever carried it (node's http server or msw). */
export interface FakeRequest {
  /** HTTP method. */
  readonly method: string;
  /** URL path, without the query string. */
  readonly path: string;
  /** The query string, without its `?` (empty when there is none). @default "" */
  readonly query?: string;
  /** A request header by (case-insensitive) name. */
  header(name: string): string | null | undefined;
  /** The body's bytes; empty if the body was larger than the core's `maxBodyBytes`. */
  readonly body: Uint8Array;
  /** The body's full size in bytes, even when it was too large to keep. */
  readonly bodyBytes: number;
}

/** What to do with a request: answer it (maybe late), or reset the connection (maybe late). */
export type FakeOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Wait this long before answering, in ms. */
      readonly delayMs: number;
    }
  | { readonly kind: "reset"; readonly delayMs: number };
