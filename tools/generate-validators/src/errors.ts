/** Base class of every error the generator throws: the spec cannot be turned into validators. */
export class GenerateValidatorsError extends Error {
  override name = "GenerateValidatorsError";
}

/** The spec uses a JSON Schema feature the generator does not compile (it never guesses). */
export class UnsupportedSchemaError extends GenerateValidatorsError {
  override name = "UnsupportedSchemaError";

  /**
   * @param pointer JSON pointer of the schema in the bundled spec, e.g. `#/components/schemas/X`.
   * @param detail What is unsupported there.
   */
  constructor(
    readonly pointer: string,
    detail: string,
  ) {
    super(`${pointer}: ${detail}`);
  }
}

/** The spec is not something the generator can read (not OpenAPI 3.1, a broken `$ref`, …). */
export class InvalidSpecError extends GenerateValidatorsError {
  override name = "InvalidSpecError";
}
