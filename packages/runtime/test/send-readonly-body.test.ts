import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";

const API_KEY = "readonly-body-key-4e1f";

// `send` reads its body once and never changes it, so a body built `as const`, or from a
// `readonly string[]`, is one it takes: the generated body type's mutable arrays refused them
// at compile time (`lint` type-checks this file; without `SendableBody` it does not compile).
describe("send with readonly lists", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
  });
  afterAll(() => fake?.close());

  it("takes a body built as const and one made of a readonly list, and sends them as given", async () => {
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const literal = {
      subscription_group_id: "newsletter",
      subscription_state: "unsubscribed",
      email: ["a@example.com", "b@example.com"],
    } as const;
    const ids: readonly string[] = ["u1", "u2", "u3"];
    const first = await braze.send(literal);
    const second = await braze.send({
      subscription_group_id: "newsletter",
      subscription_state: "subscribed",
      external_id: ids,
    });
    await braze.close();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(fake.requests.map((request) => request.body)).toEqual([
      literal,
      { subscription_group_id: "newsletter", subscription_state: "subscribed", external_id: ids },
    ]);
  });
});
