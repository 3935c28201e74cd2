import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BrazeFake,
  createBrazeCore,
  SubscriptionStore,
  startBrazeFake,
} from "../src/index.js";
import { brazeHandlers } from "../src/msw/index.js";
import { body, send } from "./support/fake-requests.js";

let fake: BrazeFake;
beforeAll(async () => {
  fake = await startBrazeFake({ rateLimit: false });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("subscription state", () => {
  it("keeps one state per group and identifier; the last write wins", async () => {
    await send(fake.url, body({ subscription_state: "subscribed", external_id: ["u1", "u2"] }));
    await send(fake.url, body({ subscription_state: "unsubscribed", external_id: "u2" }));
    await send(
      fake.url,
      body({ subscription_group_id: "other", subscription_state: "subscribed", external_id: "u2" }),
    );
    expect(fake.state.get("group-1", { externalId: "u1" })).toBe("subscribed");
    expect(fake.state.get("group-1", { externalId: "u2" })).toBe("unsubscribed");
    expect(fake.state.get("other", { externalId: "u2" })).toBe("subscribed");
    expect(fake.state.get("missing", { externalId: "u1" })).toBeUndefined();
    expect(fake.state.size).toBe(3);
    expect(fake.state.list("group-1").map((r) => [r.kind, r.id, r.state])).toEqual([
      ["externalId", "u1", "subscribed"],
      ["externalId", "u2", "unsubscribed"],
    ]);
  });

  it("keeps external ids, emails and phones apart, exactly as sent", async () => {
    await send(fake.url, body({ external_id: "x", email: ["Mixed@Example.com"] }));
    await send(
      fake.url,
      body({ external_id: undefined, subscription_state: "subscribed", phone: "+12223334444" }),
    );
    expect(fake.state.get("group-1", { externalId: "x" })).toBe("unsubscribed");
    expect(fake.state.get("group-1", { email: "Mixed@Example.com" })).toBe("unsubscribed");
    expect(fake.state.get("group-1", { email: "mixed@example.com" })).toBeUndefined();
    expect(fake.state.get("group-1", { phone: "+12223334444" })).toBe("subscribed");
    expect(fake.state.get("group-1", { externalId: "+12223334444" })).toBeUndefined();
  });

  it("logs every request with time, status and identifier count", async () => {
    const before = Date.now();
    await send(fake.url, body({ external_id: ["a", "b", "c"] }));
    await send(fake.url, body({ email: "a@example.com", phone: "+12223334444" }));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({ status: 201, identifierCount: 3, method: "POST" });
    expect(fake.requests[1]).toMatchObject({ status: 400, identifierCount: 3 });
    expect(fake.requests[0]?.time).toBeGreaterThanOrEqual(before);
    expect(fake.requests[0]?.body).toEqual(body({ external_id: ["a", "b", "c"] }));
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.state.size).toBe(0);
  });

  it("calls onRequest with every entry, and answers 500 with the reason if it throws", async () => {
    const seen: number[] = [];
    const watched = await startBrazeFake({
      onRequest: (entry) => {
        seen.push(entry.status);
        if (entry.identifierCount === 2) throw new Error("observer bug");
      },
    });
    try {
      await send(watched.url, body());
      const broken = await send(watched.url, body({ external_id: ["a", "b"] }));
      expect(broken.status).toBe(500);
      expect(await broken.json()).toEqual({ message: "Braze fake internal error: observer bug" });
      expect(seen).toEqual([201, 201]);
      // The log says what the client got, not what the fake would have answered.
      expect(watched.requests.map((entry) => entry.status)).toEqual([201, 500]);
      expect(watched.requests[1]).toMatchObject({ status: 500, identifierCount: 2 });
    } finally {
      await watched.close();
    }
  });

  it("logs the 500 a throwing onRequest gave through the msw handlers too, and through a fault", async () => {
    const core = createBrazeCore({
      faults: { rates: { "503": 1 } },
      onRequest: () => {
        throw new Error("observer bug");
      },
    });
    const server = setupServer(...brazeHandlers({ core, baseUrl: "https://braze.test" }));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const response = await send("https://braze.test", body());
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: "Braze fake internal error: observer bug" });
      expect(core.requests.map((entry) => [entry.status, entry.fault])).toEqual([[500, undefined]]);
    } finally {
      server.close();
    }
  });

  it("can be seeded by hand and refuses a malformed identifier with a TypeError", () => {
    const store = new SubscriptionStore();
    store.set("g", { phone: "+15550001111" }, "subscribed", 5);
    expect(store.list()).toEqual([
      { groupId: "g", kind: "phone", id: "+15550001111", state: "subscribed", updatedAt: 5 },
    ]);
    expect(() => store.get("g", {} as never)).toThrow(TypeError);
    expect(() => store.get("g", { email: "a", phone: "b" } as never)).toThrow(/exactly one/);
    expect(() => store.get("g", { external_id: "a" } as never)).toThrow(/externalId, email, phone/);
  });
});
