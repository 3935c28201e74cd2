import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { generateClient } from "@braze-subscriptions/generate-client";
import { generateValidators } from "../../src/index.js";

/** Folder of the fixture specs. */
export const fixturesDir = join(import.meta.dirname, "..", "fixtures");

/** Scratch folder for generated output (git-ignored), one subfolder per fixture. */
export const scratchDir = join(import.meta.dirname, "..", "..", ".tmp");

/**
 * Generates a fixture's validators next to its openapi-typescript types (written by the client
 * generator, as in the real package), and returns the folder and the validators' source.
 */
export async function generateFixture(
  name: string,
  outName = name,
): Promise<{ outDir: string; source: string; spec: Record<string, unknown> }> {
  const specPath = join(fixturesDir, name, "openapi.json");
  const outDir = join(scratchDir, outName);
  await mkdir(outDir, { recursive: true });
  await generateClient({ specPath, outDir });
  await generateValidators({ specPath, outDir, typesFrom: "./types.gen.js" });
  const source = await readFile(join(outDir, "validators.gen.ts"), "utf8");
  const spec = JSON.parse(await readFile(specPath, "utf8")) as Record<string, unknown>;
  return { outDir, source, spec };
}
