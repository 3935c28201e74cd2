// An ES module consumer: validates a body, then sends a bulk update through the runtime to a
// local Braze fake. tools/package-checks copies this folder, installs the packed packages
// with npm and runs `npm start`; the last line printed is the JSON the test reads.
import assert from "node:assert/strict";
import { operationMetadata } from "@braze-subscriptions/client";
import { createBrazeRuntime } from "@braze-subscriptions/runtime";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { validateSetSubscriptionStatusBody } from "@braze-subscriptions/validators";

const body = {
  subscription_group_id: "newsletter",
  subscription_state: "unsubscribed",
  email: ["ada@example.com"],
};
assert.deepEqual(validateSetSubscriptionStatusBody(body), { ok: true, value: body });
const both = validateSetSubscriptionStatusBody({ ...body, phone: ["+12223334444"] });
assert.equal(both.ok, false);
assert.deepEqual(
  both.errors.map((issue) => issue.code),
  ["conflict"],
);

const fake = await startBrazeFake({ apiKeys: ["consumer-key"] });
try {
  const braze = createBrazeRuntime({ apiKey: "consumer-key", baseUrl: fake.url });
  const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;
  const emails = Array.from({ length: cap + 3 }, (_, index) => `user${index}@example.com`);
  const result = await braze.setStatus({
    subscriptionGroupId: "newsletter",
    state: "unsubscribed",
    emails: [...emails, "not-an-email"],
  });
  await braze.close();
  assert.equal(fake.state.get("newsletter", { email: "user0@example.com" }), "unsubscribed");
  console.log(
    JSON.stringify({
      consumer: "esm",
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
