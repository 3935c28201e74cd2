import { PackageCheckError } from "./errors.js";
import type { ReadmeSample } from "./readme-samples.js";

/** The module tsc checks for one README sample. */
export interface SampleModule {
  /** The sample this module checks; diagnostics elsewhere in `source` belong to other samples. */
  sample: ReadmeSample;
  /** The module's text: the sample alone, or, for a fragment, the blocks above it first. */
  source: string;
  /** 1-based line of `source` where the sample's own code starts. */
  firstLine: number;
}

/**
 * One module per sample. A whole block is a module of its own. A fragment continues the
 * README's blocks above it, from the nearest whole block down, as if they were one file (a
 * reader takes the README that way: "the `braze` from the example above"), so what it uses
 * from them is type-checked too instead of being declared loosely.
 */
export function sampleModules(samples: readonly ReadmeSample[]): SampleModule[] {
  const modules: SampleModule[] = [];
  for (const sample of samples) {
    const previous = modules[modules.length - 1];
    if (!sample.fragment) {
      modules.push({ sample, source: sample.code, firstLine: 1 });
      continue;
    }
    if (previous === undefined || previous.sample.file !== sample.file) {
      throw new PackageCheckError(
        `${sample.file}:${sample.line}: a block marked as a fragment needs a ts block above it in the same README`,
      );
    }
    const before = `${previous.source}\n`;
    modules.push({
      sample,
      source: before + sample.code,
      firstLine: before.split("\n").length,
    });
  }
  return modules;
}
