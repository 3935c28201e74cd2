export { type ConsumerProject, installConsumer, lastJsonLine } from "./consumer-project.js";
export { PackageCheckError, RegistryError } from "./errors.js";
export { type LocalRegistry, startLocalRegistry } from "./local-registry.js";
export { type PackedPackage, packPackages } from "./pack-packages.js";
export { type PublishedPackage, publishedPackages } from "./published-packages.js";
export {
  fragmentMarker,
  publishedReadmeSamples,
  type ReadmeSample,
  readmeSamples,
} from "./readme-samples.js";
export {
  checkedResolutions,
  checkRecipe,
  hasRequireCondition,
  type RecipeProblem,
  recipeProblems,
  shipsJavaScript,
} from "./recipe-checks.js";
export {
  type RehearsalOptions,
  type RehearsalResult,
  rehearseRelease,
} from "./release-rehearsal.js";
export { type SampleModule, sampleModules } from "./sample-modules.js";
export {
  formatSampleFailure,
  type SampleFailure,
  type SampleFiles,
  sampleConfigs,
  typecheckSamples,
} from "./sample-typecheck.js";
export {
  type Diagnostic,
  type DiagnosticWithMessage,
  expectedDiagnostics,
  parseTscErrors,
  parseTscOutput,
} from "./tsc-diagnostics.js";
