// The main job's last step: shows what the build produced from the spec, then runs the CLI
// demo (100,000 generated addresses pushed through `braze-subscriptions set` against the
// local Braze fake).
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runDemo } from "@braze-subscriptions/cli";

const require = createRequire(import.meta.url);
// Run from the repository's root, as `pnpm start` is: the paths it prints are the root's.
process.chdir(fileURLToPath(new URL("../..", import.meta.url)));
const where = (specifier) => relative(process.cwd(), require.resolve(specifier));

console.log("Built everything from openapi/:");
console.log(`  bundled spec      ${where("@braze-subscriptions/openapi/openapi.json")}`);
console.log(`  generated client  ${dirname(where("@braze-subscriptions/client"))}/`);
console.log();
process.exitCode = await runDemo();
