import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSampleTemplates, enrichSpec, runRedocly } from "../src/index.js";
import { loadSpec, realSpecPath, specSourceDir, specSourcePath } from "./support/spec-files.js";

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: unknown[];
}

async function lint(specPath: string): Promise<LintReport> {
  const config = join(specSourceDir, "redocly.yaml");
  const output = await runRedocly(
    ["lint", specPath, "--config", config, "--format", "json"],
    specSourceDir,
  );
  return JSON.parse(output.slice(output.indexOf("{"), output.lastIndexOf("}") + 1)) as LintReport;
}

describe("redocly lint with the spec's own rules", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "generate-docs-lint-"));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("reports 0 problems for the hand-written spec", async () => {
    const report = await lint(specSourcePath);
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("reports 0 problems for the copy the docs render (with code samples and badges)", async () => {
    const { spec } = enrichSpec(await loadSpec(realSpecPath), defaultSampleTemplates);
    const path = join(work, "enriched.json");
    await writeFile(path, JSON.stringify(spec));
    const report = await lint(path);
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });
});
