// A CommonJS consumer: `require()`s every package (dual packages load their CommonJS build;
// ESM-only ones load through Node 20.19's require(esm)), validates a body, then sends a bulk
// update through the runtime to a local Braze fake. The last line printed is the JSON the
// test in tools/package-checks reads.
const assert = require("node:assert/strict");
const { operationMetadata } = require("@braze-subscriptions/client");
const { createBrazeRuntime } = require("@braze-subscriptions/runtime");
const { startBrazeFake } = require("@braze-subscriptions/testing");
const { validateSetSubscriptionStatusBody } = require("@braze-subscriptions/validators");

async function main() {
  const body = {
    subscription_group_id: "sms-alerts",
    subscription_state: "subscribed",
    phone: ["+12223334444"],
  };
  assert.deepEqual(validateSetSubscriptionStatusBody(body), { ok: true, value: body });
  const empty = validateSetSubscriptionStatusBody({ ...body, phone: [] });
  assert.equal(empty.ok, false);

  const fake = await startBrazeFake({ apiKeys: ["consumer-key"] });
  try {
    const braze = createBrazeRuntime({ apiKey: "consumer-key", baseUrl: fake.url });
    const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;
    const externalIds = Array.from({ length: cap + 3 }, (_, index) => `user-${index}`);
    const result = await braze.setStatus({
      subscriptionGroupId: "sms-alerts",
      state: "subscribed",
      externalIds: [...externalIds, ""],
    });
    await braze.close();
    assert.equal(fake.state.get("sms-alerts", { externalId: "user-0" }), "subscribed");
    console.log(
      JSON.stringify({
        consumer: "commonjs",
        succeeded: result.succeeded,
        invalid: result.invalid,
        failed: result.failed,
        // Writes: the job's preflight read is a GET.
        requests: fake.requests.filter((request) => request.method === "POST").length,
      }),
    );
  } finally {
    await fake.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
