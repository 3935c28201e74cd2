import { describe, expect, it } from "vitest";
import { capOf, setStatusOperation } from "../src/spec/write-rules.js";
import { identifierTypes } from "../src/vocabulary/identifier-type.js";

// The spec states two caps: each list's `maxItems` and the whole request's
// `x-max-identifiers` (Braze does not say which its "50" is). A request holds one type, so its
// cap is the smaller of the two, whichever the spec lowers.
describe("capOf", () => {
  const withCap = (maxIdentifiers: number) => ({
    ...setStatusOperation,
    requestBody: {
      ...setStatusOperation.requestBody,
      extensions: {
        ...setStatusOperation.requestBody.extensions,
        "x-max-identifiers": maxIdentifiers,
      },
    },
  });

  it.each(identifierTypes)(
    "%s: the spec's list maxItems when the request cap is no lower",
    (type) => {
      expect(capOf(type)).toBe(setStatusOperation.requestBody.listFields[type].maxItems);
    },
  );

  it.each(identifierTypes)("%s: the request's x-max-identifiers when it is lower", (type) => {
    const lower = setStatusOperation.requestBody.listFields[type].maxItems - 10;
    expect(capOf(type, withCap(lower))).toBe(lower);
  });
});
