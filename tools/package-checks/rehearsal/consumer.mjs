// Run by the release rehearsal in a fresh folder where npm installed the runtime and the
// testing package from the local registry: a bulk update against the Braze fake. Prints one
// JSON line with the outcome.
import { createBrazeRuntime } from "@braze-subscriptions/runtime";
import { startBrazeFake } from "@braze-subscriptions/testing";

const fake = await startBrazeFake({ apiKeys: ["rehearsal-key"] });
try {
  const braze = createBrazeRuntime({ apiKey: "rehearsal-key", baseUrl: fake.url });
  const externalIds = ["rehearsal-1", "rehearsal-2", "rehearsal-3"];
  const result = await braze.setStatus({
    subscriptionGroupId: "rehearsal",
    state: "subscribed",
    externalIds,
  });
  await braze.close();
  const stored = externalIds.filter(
    (externalId) => fake.state.get("rehearsal", { externalId }) === "subscribed",
  );
  console.log(
    JSON.stringify({ succeeded: result.succeeded, failed: result.failed, stored: stored.length }),
  );
} finally {
  await fake.close();
}
