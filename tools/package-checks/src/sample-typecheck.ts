import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ConsumerProject } from "./consumer-project.js";
import { PackageCheckError } from "./errors.js";
import type { SampleModule } from "./sample-modules.js";
import { parseTscErrors } from "./tsc-diagnostics.js";

/** A tsc error in a README sample, placed where a reader finds it. */
export interface SampleFailure {
  /** The README. */
  file: string;
  /** Line of the block's opening fence. */
  blockLine: number;
  /** README line of the error. */
  line: number;
  /** The consumer project's tsconfigs that found it (`tsconfig.bundler.json` …). */
  configs: string[];
  /** `TS2304` … */
  code: string;
  message: string;
}

/** Where {@link typecheckSamples} writes the modules, and what it names them. */
export interface SampleFiles {
  /** A folder of the consumer project, written for this check alone (tsc reads all of it). */
  folder: string;
  /** A module's file name in `folder`; a `.test.ts` name lets vitest run it afterwards. */
  fileName(module: SampleModule): string;
}

/**
 * The consumer project's configurations the samples are checked under: strict, with its
 * `bundler` and `node16` resolutions, as the consumers test checks `src/main.ts`.
 */
export const sampleConfigs = ["tsconfig.bundler.json", "tsconfig.node16.json"] as const;

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * Type-checks each module in `project` (a copy of `examples/typescript` with the packed
 * packages installed) under every {@link sampleConfigs} entry, and returns the errors that
 * fall in a sample's own lines, sorted by README and line.
 */
export async function typecheckSamples(
  project: ConsumerProject,
  modules: readonly SampleModule[],
  files: SampleFiles,
): Promise<SampleFailure[]> {
  await mkdir(join(project.dir, files.folder), { recursive: true });
  const byFile = new Map<string, SampleModule>();
  for (const module of modules) {
    const file = `${files.folder}/${files.fileName(module)}`;
    if (byFile.has(file)) throw new PackageCheckError(`two samples would be written to ${file}`);
    byFile.set(file, module);
    await writeFile(join(project.dir, file), module.source);
  }
  // Keyed by place and message, so an error both resolutions find is reported once.
  const failures = new Map<string, SampleFailure>();
  // One config after the other: each tsc run takes a core, and the machine is shared.
  for (const base of sampleConfigs) {
    const config = `tsconfig.${files.folder}.${base.replace(/^tsconfig\./, "")}`;
    await writeFile(
      join(project.dir, config),
      JSON.stringify({
        extends: `./${base}`,
        compilerOptions: {
          // A block without import or export would otherwise be a script, sharing one global
          // scope with every other block; a user pastes it into a module.
          moduleDetection: "force",
          // msw's declarations need the DOM lib; our own are checked without skipLibCheck
          // by the consumers test (src/main.ts), so here only the samples are in question.
          skipLibCheck: true,
        },
        include: [files.folder],
      }),
    );
    const result = await project.run(process.execPath, [tsc, "-p", config, "--pretty", "false"]);
    const errors = parseTscErrors(result.stdout);
    if (result.code !== 0 && errors.length === 0) {
      throw new PackageCheckError(
        `tsc -p ${config} failed without a file error:\n${result.stdout}${result.stderr}`,
      );
    }
    for (const error of errors) {
      const module = byFile.get(error.file);
      if (module === undefined) {
        throw new PackageCheckError(
          `tsc -p ${config}: an error outside the samples:\n${error.file}(${error.line}): ${error.message}`,
        );
      }
      // A fragment's module repeats the blocks above it; their errors are theirs, reported once.
      if (error.line < module.firstLine) continue;
      const line = module.sample.line + error.line - module.firstLine + 1;
      const key = JSON.stringify([module.sample.file, line, error.code, error.message]);
      const known = failures.get(key);
      if (known) known.configs.push(base);
      else {
        failures.set(key, {
          file: module.sample.file,
          blockLine: module.sample.line,
          line,
          configs: [base],
          code: error.code,
          message: error.message,
        });
      }
    }
  }
  return [...failures.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * One line a reader can act on:
 * `packages/client/README.md:42 (ts block at line 40; tsconfig.bundler.json): TS2304 Cannot find name 'x'.`
 */
export function formatSampleFailure(failure: SampleFailure): string {
  const where = `${failure.file}:${failure.line} (ts block at line ${failure.blockLine}; ${failure.configs.join(", ")})`;
  return `${where}: ${failure.code} ${failure.message}`;
}
