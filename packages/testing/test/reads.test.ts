import { request } from "node:http";
import { operationMetadata } from "@braze-subscriptions/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BrazeFake, startBrazeFake } from "../src/index.js";
import { body, KEY, send } from "./support/fake-requests.js";

const {
  setSubscriptionStatusV2: v2,
  getSubscriptionStatus: statusGet,
  getUserSubscriptionGroups: userGet,
} = operationMetadata;

function get(baseUrl: string, path: string, query: string, key = KEY): Promise<Response> {
  return fetch(`${baseUrl}${path}?${query}`, { headers: { Authorization: `Bearer ${key}` } });
}

function sendV2(baseUrl: string, groups: unknown[]): Promise<Response> {
  return send(baseUrl, { subscription_groups: groups }, { path: v2.path, method: v2.method });
}

describe("reads and v2 writes from one store", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({ rateLimit: false });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("a read returns what v1 wrote, capitalised, and Unknown for an identifier never seen", async () => {
    await send(fake.url, body({ external_id: ["u1"], subscription_state: "unsubscribed" }));
    await send(fake.url, body({ external_id: ["u2"], subscription_state: "subscribed" }));
    const response = await get(
      fake.url,
      statusGet.path,
      "subscription_group_id=group-1&external_id[]=u1&external_id[]=u2&external_id[]=never",
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: { u1: "Unsubscribed", u2: "Subscribed", never: "Unknown" },
      message: "success",
    });
  });

  it("accepts both encodings of several values, and a single value", async () => {
    await send(fake.url, body({ external_id: undefined, email: ["a@x.co", "b@x.co"] }));
    for (const query of [
      "subscription_group_id=group-1&email[]=a@x.co&email[]=b@x.co",
      "subscription_group_id=group-1&email=a@x.co&email=b@x.co",
    ]) {
      const json = await (await get(fake.url, statusGet.path, query)).json();
      expect(json.status).toEqual({ "a@x.co": "Unsubscribed", "b@x.co": "Unsubscribed" });
    }
    const one = await (
      await get(fake.url, statusGet.path, "subscription_group_id=group-1&email=a%40x.co")
    ).json();
    expect(one.status).toEqual({ "a@x.co": "Unsubscribed" });
  });

  it("looks up only the external ids when other identifiers come too", async () => {
    await send(fake.url, body({ external_id: ["u1"] }));
    const json = await (
      await get(
        fake.url,
        statusGet.path,
        "subscription_group_id=group-1&external_id=u1&email=a@x.co",
      )
    ).json();
    expect(json.status).toEqual({ u1: "Unsubscribed" });
  });

  it("refuses a query that breaks the spec's rules with the spec's message", async () => {
    const both = await get(
      fake.url,
      statusGet.path,
      "subscription_group_id=g&email=a@x.co&phone=%2B12223334444",
    );
    expect(both.status).toBe(400);
    expect((await both.json()).message).toBe(
      "Either an email address or a phone number should be provided, but not both.",
    );
    const none = await get(fake.url, statusGet.path, "subscription_group_id=g");
    expect(none.status).toBe(400);
    const cap = statusGet.query.listFields.external_id.maxItems;
    const many = Array.from({ length: cap + 1 }, (_, i) => `external_id[]=u${i}`).join("&");
    const tooMany = await get(fake.url, statusGet.path, `subscription_group_id=g&${many}`);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).message).toBe("The max number of ids per request was exceeded");
  });

  it("a read ignores a small body sent with its GET (413 is for bodies over the API's limit)", async () => {
    await send(fake.url, body({ external_id: ["u1"] }));
    // fetch refuses a GET with a body; some HTTP clients send one (`{}`) anyway.
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(
        `${fake.url}${statusGet.path}?subscription_group_id=group-1&external_id=u1`,
      );
      const sent = request(url, {
        method: "GET",
        headers: { Authorization: `Bearer ${KEY}`, "Content-Length": "2" },
      });
      sent.on("response", (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      sent.on("error", reject);
      sent.end("{}");
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).status).toEqual({ u1: "Unsubscribed" });
  });

  it("a v2 call writes several groups; reads see each", async () => {
    const response = await sendV2(fake.url, [
      {
        subscription_group_id: "g1",
        subscription_state: "unsubscribed",
        external_ids: ["u1", "u2"],
      },
      { subscription_group_id: "g2", subscription_state: "subscribed", external_ids: ["u1"] },
    ]);
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    expect(fake.state.get("g1", { externalId: "u2" })).toBe("unsubscribed");
    expect(fake.state.get("g2", { externalId: "u1" })).toBe("subscribed");
    const users = await (
      await get(fake.url, userGet.path, "external_id[]=u1&external_id[]=u2")
    ).json();
    expect(users).toEqual({
      users: [
        {
          external_id: "u1",
          subscription_groups: [
            { id: "g1", status: "Unsubscribed" },
            { id: "g2", status: "Subscribed" },
          ],
        },
        { external_id: "u2", subscription_groups: [{ id: "g1", status: "Unsubscribed" }] },
      ],
      total_count: 2,
      message: "success",
    });
    const page = await (
      await get(fake.url, userGet.path, "external_id[]=u1&external_id[]=u2&limit=1&offset=1")
    ).json();
    expect(page.users.map((u: { external_id: string }) => u.external_id)).toEqual(["u2"]);
    expect(page.total_count).toBe(2);
  });

  it("refuses a v2 call over the request's total cap, or with emails and phones", async () => {
    const cap = v2.requestBody.extensions["x-max-identifiers"];
    const half = Math.ceil((cap + 1) / 2);
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const over = await sendV2(fake.url, [
      {
        subscription_group_id: "g1",
        subscription_state: "subscribed",
        external_ids: ids(half, "a"),
      },
      {
        subscription_group_id: "g2",
        subscription_state: "subscribed",
        external_ids: ids(cap + 1 - half, "b"),
      },
    ]);
    expect(over.status).toBe(400);
    expect(fake.state.size).toBe(0);
    const mixed = await sendV2(fake.url, [
      {
        subscription_group_id: "g1",
        subscription_state: "subscribed",
        emails: ["a@x.co"],
        phones: ["+12223334444"],
      },
    ]);
    expect(mixed.status).toBe(400);
  });

  it("refuses emails and phones in one v2 request even in different groups, as Braze does", async () => {
    const spread = await sendV2(fake.url, [
      { subscription_group_id: "g1", subscription_state: "subscribed", emails: ["a@x.co"] },
      { subscription_group_id: "g2", subscription_state: "subscribed", phones: ["+12223334444"] },
    ]);
    expect(spread.status).toBe(400);
    const [rule] = v2.requestBody.listFields.subscription_groups.itemFields.mutuallyExclusive;
    expect(rule).toEqual(["emails", "phones"]);
    // The same message as both lists in one group (the spec's x-error-message of that rule).
    const inOne = await sendV2(fake.url, [
      {
        subscription_group_id: "g1",
        subscription_state: "subscribed",
        emails: ["a@x.co"],
        phones: ["+12223334444"],
      },
    ]);
    expect(await spread.json()).toEqual({ message: (await inOne.json()).message });
    expect(fake.state.size).toBe(0);
    // External ids mix with either: an email group and an SMS group in one call.
    const withIds = await sendV2(fake.url, [
      { subscription_group_id: "g1", subscription_state: "subscribed", emails: ["a@x.co"] },
      { subscription_group_id: "g2", subscription_state: "subscribed", external_ids: ["u1"] },
    ]);
    expect(withIds.status).toBeLessThan(300);
  });
});

describe("applyDelayMs: writes become visible to reads late", () => {
  it("reads see the old state until the delay has passed", async () => {
    let now = 1_000_000;
    const fake = await startBrazeFake({ rateLimit: false, applyDelayMs: 2000, now: () => now });
    try {
      const query = "subscription_group_id=group-1&external_id[]=u1";
      await send(fake.url, body({ external_id: ["u1"], subscription_state: "subscribed" }));
      expect((await (await get(fake.url, statusGet.path, query)).json()).status.u1).toBe("Unknown");
      now += 2000;
      expect((await (await get(fake.url, statusGet.path, query)).json()).status.u1).toBe(
        "Subscribed",
      );
      await send(fake.url, body({ external_id: ["u1"], subscription_state: "unsubscribed" }));
      now += 1999;
      expect((await (await get(fake.url, statusGet.path, query)).json()).status.u1).toBe(
        "Subscribed",
      );
      now += 1;
      expect((await (await get(fake.url, statusGet.path, query)).json()).status.u1).toBe(
        "Unsubscribed",
      );
      // The store itself knows the last write at once.
      expect(fake.state.get("group-1", { externalId: "u1" })).toBe("unsubscribed");
    } finally {
      await fake.close();
    }
  });

  it("a write shows once its delay has passed, even while a later write is pending", async () => {
    let now = 1_000_000;
    const fake = await startBrazeFake({ rateLimit: false, applyDelayMs: 100, now: () => now });
    try {
      const query = "subscription_group_id=group-1&external_id=u1";
      const read = async () => (await (await get(fake.url, statusGet.path, query)).json()).status;
      await send(fake.url, body({ external_id: "u1", subscription_state: "subscribed" }));
      now += 50;
      await send(fake.url, body({ external_id: "u1", subscription_state: "unsubscribed" }));
      now += 30;
      await send(fake.url, body({ external_id: "u1", subscription_state: "subscribed" }));
      now += 20; // the first write shows; the second and third are pending
      expect((await read()).u1).toBe("Subscribed");
      now += 50; // the second shows
      expect((await read()).u1).toBe("Unsubscribed");
      now += 30; // the third
      expect((await read()).u1).toBe("Subscribed");
    } finally {
      await fake.close();
    }
  });

  it("a state set by hand shows to reads at once, on the fake's clock", async () => {
    const now = 1_000_000; // long before Date.now()
    const fake = await startBrazeFake({ rateLimit: false, applyDelayMs: 100, now: () => now });
    try {
      fake.state.set("group-1", { externalId: "seeded" }, "subscribed");
      const query = "subscription_group_id=group-1&external_id=seeded";
      expect((await (await get(fake.url, statusGet.path, query)).json()).status).toEqual({
        seeded: "Subscribed",
      });
      expect(fake.state.list()[0]?.updatedAt).toBe(now);
    } finally {
      await fake.close();
    }
  });
});

describe("each bucket is limited on its own", () => {
  it("spending the write budget leaves reads alone, and the other way round", async () => {
    const fake = await startBrazeFake({
      rateLimit: {
        buckets: {
          [statusGet.rateLimit.bucket]: { limit: 2 },
          [v2.rateLimit.bucket]: { limit: 3 },
        },
      },
    });
    try {
      const read = () => get(fake.url, statusGet.path, "subscription_group_id=g&external_id=u");
      const write = () => send(fake.url, body());
      const writeV2 = () =>
        sendV2(fake.url, [
          { subscription_group_id: "g", subscription_state: "subscribed", external_ids: ["u"] },
        ]);
      // v1 and v2 share the write bucket: 3 in all.
      expect([(await write()).status, (await writeV2()).status, (await write()).status]).toEqual([
        201, 200, 201,
      ]);
      expect((await writeV2()).status).toBe(429);
      expect([(await read()).status, (await read()).status]).toEqual([200, 200]);
      const third = await read();
      expect(third.status).toBe(429);
      expect(third.headers.get("x-ratelimit-limit")).toBe("2");
      const users = await get(fake.url, userGet.path, "external_id=u");
      expect(users.status).toBe(429);
    } finally {
      await fake.close();
    }
  });
});
