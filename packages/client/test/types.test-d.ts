import { describe, expectTypeOf, it } from "vitest";
import {
  type BrazeClient,
  createClient,
  type InstanceName,
  type SetSubscriptionStatusBody,
  type SubscriptionState,
} from "../src/index.js";

declare const client: BrazeClient;

describe("generated types", () => {
  it("accept a valid body, a single id or an array", () => {
    expectTypeOf<SetSubscriptionStatusBody>().toMatchTypeOf<{
      subscription_group_id: string;
      subscription_state: SubscriptionState;
    }>();
    void client.POST("/subscription/status/set", {
      body: { subscription_group_id: "g", subscription_state: "subscribed", external_id: "u1" },
    });
    void client.POST("/subscription/status/set", {
      body: {
        subscription_group_id: "g",
        subscription_state: "unsubscribed",
        phone: ["+12223334444"],
        use_double_opt_in_logic: true,
      },
    });
  });

  it("reject a wrong subscription_state", () => {
    void client.POST("/subscription/status/set", {
      // @ts-expect-error "maybe" is not a SubscriptionState
      body: { subscription_group_id: "g", subscription_state: "maybe", email: "a@example.com" },
    });
    expectTypeOf<SubscriptionState>().toEqualTypeOf<"subscribed" | "unsubscribed">();
  });

  it("reject a missing subscription_group_id", () => {
    void client.POST("/subscription/status/set", {
      // @ts-expect-error subscription_group_id is required
      body: { subscription_state: "subscribed", email: "a@example.com" },
    });
  });

  it("reject an unknown field", () => {
    void client.POST("/subscription/status/set", {
      body: {
        subscription_group_id: "g",
        subscription_state: "subscribed",
        email: "a@example.com",
        // @ts-expect-error additionalProperties: false in the spec
        first_name: "Ann",
      },
    });
  });

  it("reject a number where identifiers go", () => {
    void client.POST("/subscription/status/set", {
      // @ts-expect-error external_id holds strings
      body: { subscription_group_id: "g", subscription_state: "subscribed", external_id: [42] },
    });
  });

  it("type instance names from the spec's servers", () => {
    expectTypeOf<"EU-01">().toMatchTypeOf<InstanceName>();
    // @ts-expect-error there is no US-09 instance
    createClient({ apiKey: "k", instance: "US-09" });
  });
});
