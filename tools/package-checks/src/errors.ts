/** The base class of every error the package checks throw on purpose. */
export class PackageCheckError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PackageCheckError";
  }
}

/** A packed package breaks its recipe (publint or arethetypeswrong found problems). */
export class RecipeError extends PackageCheckError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RecipeError";
  }
}

/** The local registry of the release rehearsal did not start or refused a request. */
export class RegistryError extends PackageCheckError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RegistryError";
  }
}
