// The main job's last step: shows what the build produced from the spec.
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";

const require = createRequire(import.meta.url);
const where = (specifier) => relative(process.cwd(), require.resolve(specifier));

console.log("Built everything from openapi/:");
console.log(`  bundled spec      ${where("@braze-subscriptions/openapi/openapi.json")}`);
console.log(`  generated client  ${dirname(where("@braze-subscriptions/client"))}/`);
