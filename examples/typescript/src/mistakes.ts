// Deliberate mistakes: each line marked `expect TSxxxx` must fail `tsc` with exactly that
// code, and no other line may fail. It proves the published types catch these bugs before run
// time. tools/package-checks compares tsc's output with the markers.
import { createClient, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { createBrazeRuntime } from "@braze-subscriptions/runtime";
import { validateSetSubscriptionStatusBody } from "@braze-subscriptions/validators";

const client = createClient({ apiKey: "key", instance: "MARS-01" }); // expect TS2322

const body: SetSubscriptionStatusBody = { subscription_group_id: "g", subscription_state: "maybe" }; // expect TS2322

const noState: SetSubscriptionStatusBody = { subscription_group_id: "g", email: "a@b.co" }; // expect TS2741

await client.POST("/subscription/status/sett", { body }); // expect TS2345

await client.POST("/subscription/status/set", { body: { ...body, external_id: 42 } }); // expect TS2322

const runtime = createBrazeRuntime({ apiKey: "key", baseUrl: "http://127.0.0.1:1" });
await runtime.setStatus({ subscriptionGroupId: "g", state: "on", emails: ["a@example.com"] }); // expect TS2322

const checked = validateSetSubscriptionStatusBody(noState);
export const firstEmail: string = checked.value.email; // expect TS2339
