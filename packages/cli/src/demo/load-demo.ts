import { loadOptional, optionalPeers } from "../commands/load-optional.js";
import type { ExitCodeValue } from "../exit-codes.js";
import type { DemoOptions } from "./run-demo.js";

/**
 * Runs the demo (see `run-demo.ts`), loading the Braze fake and the docs only when called:
 * both are optional peers, so importing `@braze-subscriptions/cli` never needs them.
 * Rejects with a `UsageError` naming the package to install when one is missing.
 */
export async function runDemo(options: DemoOptions = {}): Promise<ExitCodeValue> {
  const demo = await loadOptional("demo", () => import("./run-demo.js"), [
    optionalPeers.testing,
    optionalPeers.docs,
  ]);
  return demo.runDemo(options);
}
