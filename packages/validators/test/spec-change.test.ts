import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateValidators } from "@braze-subscriptions/generate-validators";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateE164Phone, validateSetSubscriptionStatusBody } from "../src/index.js";
import { compileWithAjv } from "./support/ajv.js";
import { bodyLike } from "./support/arbitraries.js";
import { base, many } from "./support/bodies.js";
import { loadSpec, type SpecDocument } from "./support/spec.js";

// Behaviour follows the spec: regenerate from an edited copy and the verdicts change, with no
// hand-written code involved.
type Generated = typeof import("../src/index.js");

const outDir = join(import.meta.dirname, "..", ".tmp", `spec-change-${process.pid}`);
let changed: Generated;
let changedSpec: SpecDocument;

beforeAll(async () => {
  changedSpec = loadSpec();
  const schemas = changedSpec.components.schemas as Record<string, Record<string, unknown>>;
  const phones = schemas.Phones as { oneOf: Array<Record<string, unknown>> };
  const phonesArray = phones.oneOf[1] as Record<string, unknown>;
  phonesArray.maxItems = 3;
  (schemas.E164Phone as Record<string, unknown>).pattern = "^\\+44\\d{10}$";
  await mkdir(outDir, { recursive: true });
  const specPath = join(outDir, "openapi.json");
  await writeFile(specPath, JSON.stringify(changedSpec));
  await generateValidators({ specPath, outDir, typesFrom: "@braze-subscriptions/client" });
  changed = (await import(pathToFileURL(join(outDir, "validators.gen.ts")).href)) as Generated;
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("editing the spec changes the verdicts", () => {
  it("maxItems of phone: 50 → 3", () => {
    const four = {
      ...base,
      phone: ["+441234567890", "+441234567891", "+441234567892", "+441234567893"],
    };
    expect(validateSetSubscriptionStatusBody(four).ok).toBe(true);
    const result = changed.validateSetSubscriptionStatusBody(four);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { path: "/phone", code: "maxItems", message: '"phone" must hold at most 3 items, got 4' },
    ]);
  });

  it("the phone pattern: any E.164 → UK numbers only", () => {
    expect(validateE164Phone("+12223334444").ok).toBe(true);
    expect(changed.validateE164Phone("+12223334444")).toEqual({
      ok: false,
      errors: [
        { path: "", code: "pattern", message: "value must match the pattern ^\\+44\\d{10}$" },
      ],
    });
    expect(changed.validateE164Phone("+441234567890").ok).toBe(true);
  });

  it("what the edit did not touch is unchanged", () => {
    const body = { ...base, external_id: many.externalIds(50) };
    expect(changed.validateSetSubscriptionStatusBody(body).ok).toBe(true);
    expect(
      changed.validateSetSubscriptionStatusBody({ ...body, external_id: many.externalIds(51) }).ok,
    ).toBe(false);
  });

  it("the regenerated validators still agree with Ajv on the edited spec", () => {
    const ajv = compileWithAjv(changedSpec, "SetSubscriptionStatusBody");
    fc.assert(
      fc.property(bodyLike, (body) => {
        expect(changed.validateSetSubscriptionStatusBody(body).ok).toBe(ajv(body));
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);
});
