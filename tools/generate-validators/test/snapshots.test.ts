import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateFixture, scratchDir } from "./support/generate-fixture.js";

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// Code that uses each fixture's output the way a consumer would: it must type-check.
const usage: Record<string, string> = {
  minimal: `import type { components } from "./types.gen.js";
import type { ValidationResult } from "./runtime.gen.js";
import { isNoteText, requestBodyValidators, validateNote } from "./validators.gen.js";
const result: ValidationResult<components["schemas"]["Note"]> = validateNote(JSON.parse("{}"));
if (result.ok) {
  const text: string = result.value.text;
  void text;
} else {
  for (const issue of result.errors) console.log(issue.path, issue.code, issue.message);
}
const input: unknown = "x";
if (isNoteText(input)) console.log(input.toUpperCase());
const byOperation = requestBodyValidators["createNote"];
if (byOperation) console.log(byOperation({}).ok);
`,
  "kitchen-sink": `import type { components } from "./types.gen.js";
import { validateOrder, validatePatchPingRequestBody, validateTree, schemaValidators } from "./validators.gen.js";
const order = validateOrder(null);
if (order.ok) console.log(order.value.lines.length, order.value.id);
const ping = validatePatchPingRequestBody({ at: 1 });
if (ping.ok) console.log(ping.value.at.toFixed(0));
const tree = validateTree({ name: "root" });
// openapi-typescript widens this anyOf to unknown; the validator keeps its type whatever it is.
if (tree.ok) {
  const value: components["schemas"]["Tree"] = tree.value;
  console.log(value);
}
console.log(Object.keys(schemaValidators));
`,
};

describe("generated output", () => {
  it.each(Object.keys(usage))("%s: matches its file snapshot", async (name) => {
    const { source } = await generateFixture(name);
    await expect(source).toMatchFileSnapshot(`./__snapshots__/${name}/validators.gen.ts`);
  });

  it("type-checks with the workspace's strict settings, with code using it", async () => {
    for (const [name, code] of Object.entries(usage)) {
      const { outDir } = await generateFixture(name);
      await writeFile(join(outDir, "usage.ts"), code);
    }
    const tsconfig = join(scratchDir, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: "../../../tsconfig.base.json",
        compilerOptions: { noEmit: true, types: [], lib: ["ES2023", "DOM"] },
        include: Object.keys(usage).map((name) => `${name}/*.ts`),
      }),
    );
    const result = await run(process.execPath, [tsc, "-p", tsconfig]).catch(
      (error: { stdout: string }) => error,
    );
    expect(result.stdout).toBe("");
  }, 60_000);
});
