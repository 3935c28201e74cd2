/** The base class of every error the package checks throw on purpose. */
export class PackageCheckError extends Error {
  override name = "PackageCheckError";
}

/** The local registry of the release rehearsal did not start or refused a request. */
export class RegistryError extends PackageCheckError {
  override name = "RegistryError";
}
