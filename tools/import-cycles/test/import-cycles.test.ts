import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");

/** The madge command of this package's `lint` script, exactly as `lint` runs it. */
async function lintCommand(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
    scripts: { lint: string };
  };
  const command = pkg.scripts.lint
    .split("&&")
    .map((part) => part.trim())
    .find((part) => part.startsWith("madge "));
  if (command === undefined) throw new Error(`no madge command in ${pkg.scripts.lint}`);
  return command;
}

/** The same command with its folders (`…/src`) replaced by `folders`. */
async function commandOn(folders: string[]): Promise<string> {
  const words = (await lintCommand()).split(/\s+/);
  return [...words.filter((word) => !word.endsWith("/src")), ...folders].join(" ");
}

/** Runs a command line in a shell from this package, as pnpm runs a script. */
function run(command: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", command],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          PATH: `${join(packageDir, "node_modules", ".bin")}:${process.env.PATH}`,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe("the import cycle check of lint", () => {
  it.each([
    ["a two-file cycle of value imports", "value-cycle", "a.ts > b.ts"],
    ["a cycle closed by a type-only import", "type-only-cycle", "builder.ts > emitter.ts"],
    ["a cycle closed by a dynamic import()", "dynamic-import-cycle", "demo.ts > program.ts"],
  ])("fails on %s, naming its files", async (_, fixture, cycle) => {
    const result = await run(await commandOn([`test/fixtures/${fixture}`]));
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain("Processed 2 files");
    expect(result.output).toContain(`1) ${cycle}`);
  });

  it("passes on files that only import downward", async () => {
    const result = await run(await commandOn(["test/fixtures/no-cycle"]));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Processed 3 files");
    expect(result.output).toContain("No circular dependency found");
  });

  it("reads every package's and tool's src, and finds no cycle there", async () => {
    const repo = join(packageDir, "..", "..");
    let sources = 0;
    for (const parent of ["packages", "tools"]) {
      for (const entry of await readdir(join(repo, parent), { withFileTypes: true })) {
        const src = join(repo, parent, entry.name, "src");
        const files = await readdir(src, { recursive: true }).catch(() => []);
        sources += files.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file)).length;
      }
    }
    const result = await run(await lintCommand());
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("No circular dependency found");
    // Not vacuous: madge read every TypeScript file of every src folder (and the built
    // declarations of the workspace packages they import, where a cycle cannot pass).
    const processed = Number(/Processed (\d+) files/.exec(result.output)?.[1]);
    expect(sources).toBeGreaterThan(100);
    expect(processed).toBeGreaterThanOrEqual(sources);
  });
});
