import { describe, expect, it } from "vitest";
import { hasErrorBrand } from "../src/index.js";

/** One build's copy of a small error hierarchy, as an ES module or CommonJS build defines it. */
function build() {
  class BaseError extends Error {
    protected static readonly brand: symbol = Symbol.for("test/BaseError");
    static override [Symbol.hasInstance](value: unknown): boolean {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, a subclass too.
      return hasErrorBrand(this, value);
    }
  }
  class RateError extends BaseError {
    protected static override readonly brand: symbol = Symbol.for("test/RateError");
  }
  return { BaseError, RateError };
}

describe("hasErrorBrand", () => {
  const esm = build();
  const cjs = build();

  it("lets an error of one build pass the other build's instanceof", () => {
    expect(new cjs.RateError("x")).toBeInstanceOf(esm.RateError);
    expect(new cjs.RateError("x")).toBeInstanceOf(esm.BaseError);
    expect(new esm.BaseError("x")).toBeInstanceOf(cjs.BaseError);
  });

  it("keeps instanceof's subclass semantics: a parent is not an instance of its child", () => {
    expect(new cjs.BaseError("x")).not.toBeInstanceOf(esm.RateError);
    expect(new Error("x")).not.toBeInstanceOf(esm.BaseError);
    expect("RateError").not.toBeInstanceOf(esm.RateError);
    expect(null).not.toBeInstanceOf(esm.BaseError);
  });

  it("gives an app's subclass without a brand of its own the ordinary prototype check", () => {
    class AppError extends esm.RateError {}
    expect(new AppError("x")).toBeInstanceOf(AppError);
    expect(new AppError("x")).toBeInstanceOf(cjs.RateError);
    expect(new esm.RateError("x")).not.toBeInstanceOf(AppError);
  });
});
