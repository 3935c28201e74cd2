import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsSpecJson } from "../src/index.js";
import { readSpecFacts, type SpecFacts } from "./support/spec-facts.js";

const packageDir = join(import.meta.dirname, "..");

/**
 * The samples read the key from `process.env`; declaring it as a string (instead of Node's
 * `string | undefined`) keeps strict mode on for everything else the samples do.
 */
const PREAMBLE = "declare const process: { env: Record<string, string> };\n";

describe("the JavaScript code samples on the page", () => {
  let facts: SpecFacts;
  let work: string;

  beforeAll(async () => {
    facts = await readSpecFacts(docsSpecJson);
    // Inside this package, so the samples resolve the real client and runtime packages.
    await mkdir(join(packageDir, ".tmp"), { recursive: true });
    work = await mkdtemp(join(packageDir, ".tmp", "samples-"));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("type-check in strict mode against the real @braze-subscriptions/client and runtime", async () => {
    expect(facts.samples.filter((sample) => sample.lang === "JavaScript").length).toBe(
      2 * facts.examples.length,
    );
    // Every operation's samples, reads and v2 included, compile against the real packages.
    const samples = facts.allSamples.filter((sample) => sample.lang === "JavaScript");
    expect(samples.length).toBeGreaterThan(2 * facts.examples.length);
    const files: string[] = [];
    for (const [index, sample] of samples.entries()) {
      const file = join(work, `sample-${index}.ts`);
      await writeFile(file, PREAMBLE + sample.source);
      files.push(file);
    }
    const program = ts.createProgram(files, {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.slice(work.length + 1)}: ` : "";
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    });
    expect(problems).toEqual([]);
    // The files really are the samples (a sanity check of the harness itself).
    expect(await readFile(files[0] ?? "", "utf8")).toContain(samples[0]?.source);
  });

  it("fail to type-check when a sample drifts from the package's API (negative control)", async () => {
    const sample = facts.samples.find((s) => s.source.includes("createBrazeRuntime"));
    const file = join(work, "drifted.ts");
    await writeFile(
      file,
      PREAMBLE + (sample?.source ?? "").replace(".setStatus(", ".setStatuses("),
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages.join("\n")).toContain("setStatuses");
  });
});
