// The README's example, kept runnable (only the import path differs).
import { createClient } from "@braze-subscriptions/client";
import { afterAll, beforeEach, expect, it } from "vitest";
import { startBrazeFake } from "../src/index.js";

const fake = await startBrazeFake(); // 127.0.0.1, a free port
beforeEach(() => fake.reset());
afterAll(() => fake.close());

it("unsubscribes a user", async () => {
  const braze = createClient({ apiKey: "test-key", baseUrl: fake.url });
  const email = "a@example.com";
  const { response } = await braze.POST("/subscription/status/set", {
    body: { subscription_group_id: "news", subscription_state: "unsubscribed", email },
  });
  expect(response.status).toBe(201);
  expect(fake.state.get("news", { email })).toBe("unsubscribed");
});
