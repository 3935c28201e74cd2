import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isSetSubscriptionStatusBody,
  schemaValidators,
  validateSetSubscriptionStatusBody,
} from "../src/index.js";
import { compileWithAjv } from "./support/ajv.js";
import { anyInput, bodyLike, emailLike, externalIdLike, phoneLike } from "./support/arbitraries.js";
import { loadSpec } from "./support/spec.js";

// Differential testing: Ajv2020 + ajv-formats, compiled at runtime from the same bundled spec,
// is the reference. Our verdict (valid or not) must equal Ajv's on every generated input.
const spec = loadSpec();
const RUNS = 10_000;

describe("agrees with Ajv2020 + ajv-formats", () => {
  it(`on ${RUNS.toLocaleString("en-US")} generated bodies, valid and invalid`, () => {
    const ajv = compileWithAjv(spec, "SetSubscriptionStatusBody");
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(bodyLike, (body) => {
        const expected = ajv(body);
        seen[expected ? "valid" : "invalid"]++;
        const result = validateSetSubscriptionStatusBody(body);
        expect(result.ok).toBe(expected);
        expect(isSetSubscriptionStatusBody(body)).toBe(expected);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
    // Both verdicts must be well represented, or the agreement proves little.
    expect(seen.valid).toBeGreaterThan(RUNS * 0.15);
    expect(seen.invalid).toBeGreaterThan(RUNS * 0.15);
  }, 120_000);

  it.each([
    ["Email", emailLike],
    ["E164Phone", phoneLike],
    ["ExternalId", externalIdLike],
    ["SetSubscriptionStatusBody", anyInput],
    ["Emails", anyInput],
  ] as const)(
    "on 2,000 generated values of %s",
    (name, arbitrary) => {
      const ajv = compileWithAjv(spec, name);
      const validate = schemaValidators[name];
      if (!validate) throw new Error(`no validator for ${name}`);
      fc.assert(
        fc.property(arbitrary, (value) => {
          expect(validate(value).ok).toBe(ajv(value));
        }),
        { numRuns: 2_000 },
      );
    },
    60_000,
  );
});
