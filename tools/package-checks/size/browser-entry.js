// What a browser app ships when it uses the typed client and the runtime: size-limit bundles
// this file for the browser (esbuild, minified) and measures it against .size-limit.json.
export { createClient } from "@braze-subscriptions/client";
export { createBrazeRuntime } from "@braze-subscriptions/runtime";
