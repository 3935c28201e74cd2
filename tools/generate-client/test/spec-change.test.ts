import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateClient } from "../src/index.js";
import { typecheck } from "./support/typecheck.js";

// The real bundled spec, as the openapi package builds it.
const realSpecPath = createRequire(import.meta.url).resolve(
  "@braze-subscriptions/openapi/openapi.json",
);
const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Generates from a copy of the real spec whose identifier arrays allow `maxItems` items. */
async function generateWithMaxItems(maxItems: number) {
  const dir = await mkdtemp(join(tmpdir(), `spec-change-${maxItems}-`));
  tempDirs.push(dir);
  const spec = JSON.parse(await readFile(realSpecPath, "utf8"));
  for (const name of ["ExternalIds", "Emails", "Phones"]) {
    const arrayVariant = spec.components.schemas[name].oneOf.find(
      (v: { type?: string }) => v.type === "array",
    );
    arrayVariant.maxItems = maxItems;
  }
  const specPath = join(dir, "openapi.json");
  await writeFile(specPath, JSON.stringify(spec, null, 2));
  const outDir = join(dir, "generated");
  await generateClient({ specPath, outDir });
  return outDir;
}

/** A consumer file that only compiles if the generated cap has the literal type `cap`. */
async function capProbe(outDir: string, cap: number) {
  const probe = join(outDir, "probe.ts");
  await writeFile(
    probe,
    `import { operationMetadata } from "./metadata.gen.js";
const cap: ${cap} = operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;
export { cap };
`,
  );
  return typecheck([probe]);
}

describe("a change of maxItems in the spec", () => {
  it("reaches the generated metadata values and types with no other edit", async () => {
    const [at50, at20] = await Promise.all([generateWithMaxItems(50), generateWithMaxItems(20)]);
    const metadata20 = await readFile(join(at20, "metadata.gen.ts"), "utf8");
    const metadata50 = await readFile(join(at50, "metadata.gen.ts"), "utf8");
    // Exactly the caps of the changed schemas moved, wherever they are used (v1's three
    // lists and v2's emails); lists with their own schema keep theirs.
    const caps = (text: string) => text.match(/"maxItems": (\d+)/g) ?? [];
    const moved = caps(metadata50).filter((cap, i) => cap !== caps(metadata20)[i]);
    expect(moved).toEqual(Array(4).fill('"maxItems": 50'));
    expect(caps(metadata20).filter((cap) => cap === '"maxItems": 20')).toHaveLength(4);
    expect(await capProbe(at20, 20)).toEqual([]);
    expect((await capProbe(at20, 50)).join("\n")).toMatch(
      /Type '20' is not assignable to type '50'/,
    );
    expect(await capProbe(at50, 50)).toEqual([]);
  });
});

describe("a state added to the spec's SubscriptionState", () => {
  it("reaches schemaEnums' values and the union type with no other edit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "spec-change-state-"));
    tempDirs.push(dir);
    const spec = JSON.parse(await readFile(realSpecPath, "utf8"));
    spec.components.schemas.SubscriptionState.enum.push("paused");
    const specPath = join(dir, "openapi.json");
    await writeFile(specPath, JSON.stringify(spec, null, 2));
    const outDir = join(dir, "generated");
    await generateClient({ specPath, outDir });
    const { schemaEnums } = await import(join(outDir, "metadata.gen.ts"));
    expect(schemaEnums.SubscriptionState).toEqual(["subscribed", "unsubscribed", "paused"]);
    const probe = join(outDir, "state-probe.ts");
    await writeFile(
      probe,
      `import { schemaEnums } from "./metadata.gen.js";
import type { components } from "./types.gen.js";
const paused: (typeof schemaEnums.SubscriptionState)[number] = "paused";
const same: components["schemas"]["SubscriptionState"] = paused;
export { same };
`,
    );
    expect(typecheck([probe])).toEqual([]);
  });
});
