// A CommonJS module of the same project: under node16 resolution its imports resolve through
// the packages' `require` conditions, so this checks the `.d.cts` declarations.
import { createClient } from "@braze-subscriptions/client";
import { createBrazeRuntime } from "@braze-subscriptions/runtime";
import { validateSetSubscriptionStatusBody } from "@braze-subscriptions/validators";

export const client = createClient({ apiKey: "consumer-key", baseUrl: "http://127.0.0.1:1" });
export const runtime = createBrazeRuntime({
  apiKey: "consumer-key",
  baseUrl: "http://127.0.0.1:1",
});
export const valid: boolean = validateSetSubscriptionStatusBody({}).ok;
