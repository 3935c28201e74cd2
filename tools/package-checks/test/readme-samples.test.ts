import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ConsumerProject, installConsumer } from "../src/consumer-project.js";
import { publishedReadmeSamples, readmeSamples } from "../src/readme-samples.js";
import { type SampleModule, sampleModules } from "../src/sample-modules.js";
import { formatSampleFailure, sampleConfigs, typecheckSamples } from "../src/sample-typecheck.js";
import { repoRoot } from "./support/repo-root.js";

const packed = inject("packed");

// A sample written as a vitest test file (the testing package's) is also run: it starts the
// Braze fake itself, on 127.0.0.1 and a free port, and needs no key.
const isVitestFile = (module: SampleModule) => /from "vitest";/.test(module.source);
const fileName = (module: SampleModule) =>
  `${module.sample.file.replace(/[^a-z0-9]+/gi, "-")}${module.sample.line}${isVitestFile(module) ? ".test" : ""}.ts`;

describe("the ts samples of the package READMEs, in a project with the packed packages", () => {
  let project: ConsumerProject;
  beforeAll(async () => {
    // The samples import vitest and msw besides our packages: the versions the testing
    // package's own tests use.
    const testing = packed.find((pkg) => pkg.name === "@braze-subscriptions/testing");
    const versions = (testing?.manifest.devDependencies ?? {}) as Record<string, string>;
    const extra = Object.fromEntries(
      ["@types/node", "msw", "vitest"].map((name) => [name, versions[name] ?? "missing"]),
    );
    project = await installConsumer(join(repoRoot, "examples", "typescript"), packed, extra);
  });
  afterAll(() => project?.remove());

  it("type-check under the consumers' strict tsconfig, bundler and node16", async () => {
    const modules = sampleModules(await publishedReadmeSamples(repoRoot));
    expect(modules.length).toBeGreaterThan(0);
    const failures = await typecheckSamples(project, modules, {
      folder: "readme-samples",
      fileName,
    });
    expect(failures.map(formatSampleFailure)).toEqual([]);
  });

  it("the vitest sample passes against the Braze fake", async () => {
    const tests = sampleModules(await publishedReadmeSamples(repoRoot)).filter(isVitestFile);
    expect(tests.length).toBeGreaterThan(0);
    await mkdir(join(project.dir, "readme-sample-tests"));
    for (const test of tests) {
      await writeFile(join(project.dir, "readme-sample-tests", fileName(test)), test.source);
    }
    const ran = await project.run("npx", [
      "vitest",
      "run",
      "readme-sample-tests",
      "--reporter=json",
    ]);
    const report = JSON.parse(ran.stdout) as { numPassedTests: number; numTotalTests: number };
    expect([ran.code, report.numTotalTests, report.numPassedTests]).toEqual([
      0,
      tests.length,
      tests.length,
    ]);
  });

  it("name the README, the line and tsc's diagnostic of a sample that is wrong", async () => {
    const readme = [
      "# x",
      "",
      "```ts",
      'import { createClient } from "@braze-subscriptions/client";',
      'const braze = createClient({ instance: "MARS-01" });',
      "```",
      "",
      "<!-- fragment -->",
      "```ts",
      "braze.nothing();",
      "```",
      "",
    ].join("\n");
    const modules = sampleModules(readmeSamples("packages/x/README.md", readme));
    const failures = await typecheckSamples(project, modules, {
      folder: "wrong-samples",
      fileName,
    });
    // Both resolutions find both errors; each is reported once, in the README's terms.
    const configs = [...sampleConfigs];
    expect(failures.map(({ message, ...place }) => place)).toEqual([
      { file: "packages/x/README.md", blockLine: 3, line: 5, configs, code: "TS2322" },
      { file: "packages/x/README.md", blockLine: 9, line: 10, configs, code: "TS2339" },
    ]);
    expect(formatSampleFailure(failures[1] as (typeof failures)[number])).toMatch(
      /^packages\/x\/README\.md:10 \(ts block at line 9; tsconfig\.bundler\.json, tsconfig\.node16\.json\): TS2339 Property 'nothing' does not exist/,
    );
  });
});
