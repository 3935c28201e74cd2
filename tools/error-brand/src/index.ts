// Why: this package ships an ES module build and a CommonJS build, and each defines its own
// classes. An app can load both (an ES module app with a CommonJS library that uses this
// package), and then an error thrown by one build fails the other build's `instanceof`, which
// compares prototypes. So each error class keeps a brand, a registry symbol
// (`Symbol.for("<package>/<ClassName>")`: the same symbol in every copy of the module), and its
// `Symbol.hasInstance` looks for that brand among the classes on the value's prototype chain.
// A subclass's chain holds its parents, never the other way round, so subclass semantics stay
// those of `instanceof`.
//
// The brand is a static field, not a call at load time, so that bundlers still drop the error
// classes an app does not use. The runtime, testing and docs packages each bundle this package
// (it is private: none of them depends on another for it).

/** Any error class (abstract or not, whatever its constructor's parameters). */
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * What an error class's `Symbol.hasInstance` answers: whether a class on `value`'s prototype
 * chain has the brand of `errorClass`, whichever build defined it. A class without a brand of
 * its own (an app's subclass inherits its parent's) keeps the ordinary prototype check.
 */
export function hasErrorBrand(errorClass: ErrorClass, value: unknown): boolean {
  if (!Object.hasOwn(errorClass, "brand")) {
    return Function.prototype[Symbol.hasInstance].call(errorClass, value);
  }
  const { brand } = errorClass as { brand?: unknown };
  let proto = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : null;
  for (; proto !== null; proto = Object.getPrototypeOf(proto)) {
    if ((proto.constructor as { brand?: unknown } | undefined)?.brand === brand) return true;
  }
  return false;
}
