// The README's example, kept runnable (only the import path differs).
import { createClient } from "@braze-subscriptions/client";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type BrazeFake, startBrazeFake } from "../src/index.js";

let fake: BrazeFake;
beforeAll(async () => {
  fake = await startBrazeFake();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

it("unsubscribes a user", async () => {
  const braze = createClient({ apiKey: "test-key", baseUrl: fake.url });
  const { response } = await braze.POST("/subscription/status/set", {
    body: {
      subscription_group_id: "news",
      subscription_state: "unsubscribed",
      email: "a@example.com",
    },
  });
  expect(response.status).toBe(201);
  expect(fake.state.get("news", { email: "a@example.com" })).toBe("unsubscribed");
});
