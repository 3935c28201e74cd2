import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

// Proves that the type tests have teeth: with the generated types loosened, the
// `@ts-expect-error` lines of types.test-d.ts stop being errors and tsc reports them.
const packageDir = join(import.meta.dirname, "..");
const workDir = join(packageDir, ".tmp", `loosened-${process.pid}`);
afterAll(() => rm(workDir, { recursive: true, force: true }));

async function typeErrorsWith(loosen: (types: string) => string): Promise<string[]> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  await cp(join(packageDir, "src"), join(workDir, "src"), { recursive: true });
  await cp(join(packageDir, "test", "types.test-d.ts"), join(workDir, "test", "types.test-d.ts"));
  const typesPath = join(workDir, "src", "generated", "types.gen.ts");
  await writeFile(typesPath, loosen(await readFile(typesPath, "utf8")));
  const configPath = join(packageDir, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  const program = ts.createProgram([join(workDir, "test", "types.test-d.ts")], {
    ...config?.options,
    noEmit: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

describe("the type tests", () => {
  it("pass on the generated types", async () => {
    expect(await typeErrorsWith((types) => types)).toEqual([]);
  });

  it.each([
    [
      "subscription_state as any string",
      /SubscriptionState: "subscribed" \| "unsubscribed";/,
      "SubscriptionState: string;",
    ],
    ["subscription_group_id optional", /subscription_group_id: /, "subscription_group_id?: "],
    [
      "unknown fields allowed",
      /use_double_opt_in_logic\?: boolean;/,
      "use_double_opt_in_logic?: boolean;\n            [key: string]: unknown;",
    ],
  ])("fail when the generated types get looser: %s", async (_name, pattern, replacement) => {
    const errors = await typeErrorsWith((types) => {
      expect(types).toMatch(pattern);
      return types.replace(pattern, replacement);
    });
    expect(errors).toContain("Unused '@ts-expect-error' directive.");
  });
});
