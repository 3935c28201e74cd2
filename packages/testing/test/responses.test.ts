import { createClient } from "@braze-subscriptions/client";
import spec from "@braze-subscriptions/openapi/openapi.json" with { type: "json" };
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BrazeFake, startBrazeFake } from "../src/index.js";
import { body, KEY, operation, PATH, send, specExample } from "./support/fake-requests.js";

// The spec's own words, read here independently of the fake, to prove the fake answers them.
const schemas = spec.components.schemas;
const conflict = schemas.SetSubscriptionStatusBody.allOf.find((rule) => "not" in rule);

let fake: BrazeFake;
beforeAll(async () => {
  fake = await startBrazeFake({
    apiKeys: [KEY, "read-only"],
    permissions: { "read-only": ["users.track"] },
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("startBrazeFake responses", () => {
  it("listens on 127.0.0.1 and a free port", () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers 201 {message: success} and stores the state (typed client, real HTTP)", async () => {
    const client = createClient({ apiKey: KEY, baseUrl: fake.url });
    const { data, response } = await client.POST(PATH, {
      body: {
        subscription_group_id: "g",
        subscription_state: "subscribed",
        email: ["a@example.com", "b@example.com"],
      },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual(specExample("Success"));
    expect(fake.state.get("g", { email: "b@example.com" })).toBe("subscribed");
    expect(fake.requests.at(-1)).toMatchObject({
      method: "POST",
      path: PATH,
      status: 201,
      identifierCount: 2,
    });
  });

  it("accepts a single string identifier, as Braze's own examples send", async () => {
    const response = await send(fake.url, body({ external_id: "solo" }));
    expect(response.status).toBe(201);
    expect(fake.state.get("group-1", { externalId: "solo" })).toBe("unsubscribed");
  });

  it("answers 404 with the spec's body for an unknown path and for a wrong method", async () => {
    const unknown = await send(fake.url, body(), { path: "/subscription/status/sett" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(specExample("NotFound"));
    const wrongMethod = await send(fake.url, undefined, { method: "GET" });
    expect(wrongMethod.status).toBe(404);
    expect(fake.requests.map((entry) => [entry.method, entry.status])).toEqual([
      ["POST", 404],
      ["GET", 404],
    ]);
  });

  it("answers 401 without a key, with an unknown key and with another scheme", async () => {
    for (const init of [
      { key: null },
      { key: "not-a-key" },
      { authorization: `Basic ${KEY}` },
      { authorization: "Bearer" },
    ]) {
      const response = await send(fake.url, body(), init);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual(specExample("Unauthorized"));
      expect(text).not.toContain("not-a-key");
    }
    expect(fake.state.size).toBe(0);
  });

  it("accepts any casing of Bearer", async () => {
    for (const scheme of ["bearer", "BEARER", "bEaReR"]) {
      expect((await send(fake.url, body(), { authorization: `${scheme} ${KEY}` })).status).toBe(
        201,
      );
    }
  });

  it(`answers 403 when the key lacks ${operation.requiredPermission}`, async () => {
    const response = await send(fake.url, body(), { key: "read-only" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(specExample("Forbidden"));
    expect(fake.state.size).toBe(0);
  });

  it("answers 413 above the spec's x-max-body-bytes and keeps the connection usable", async () => {
    const limit = spec.paths[PATH].post.requestBody["x-max-body-bytes"];
    const padding = "x".repeat(limit);
    const response = await send(fake.url, body({ subscription_group_id: padding }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(specExample("PayloadTooLarge"));
    expect((await send(fake.url, body())).status).toBe(201);
  });

  it("answers 400 with the spec's x-error-message for email and phone together", async () => {
    const response = await send(
      fake.url,
      body({ external_id: undefined, email: "a@example.com", phone: "+12223334444" }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: conflict?.["x-error-message"] });
    expect(fake.state.size).toBe(0);
  });

  it("answers 400 when no identifier is given, for an empty array and for bad values", async () => {
    const cases = [
      body({ external_id: undefined }),
      body({ external_id: [] }),
      body({ phone: "12223334444", external_id: undefined }),
      body({ subscription_state: "maybe" }),
      body({ extra: true }),
    ];
    for (const invalid of cases) {
      const response = await send(fake.url, invalid);
      expect(response.status, JSON.stringify(invalid)).toBe(400);
      const { message } = (await response.json()) as { message: string };
      expect(message.length).toBeGreaterThan(0);
    }
    expect(fake.state.size).toBe(0);
  });

  it("answers 400 with Braze's message above the identifier cap, counting all fields together", async () => {
    const cap = operation.requestBody.listFields.external_id.maxItems;
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const split = await send(
      fake.url,
      body({ external_id: ids("u", cap - 1), email: ["a@example.com", "b@example.com"] }),
    );
    expect(split.status).toBe(400);
    expect(await split.json()).toEqual(specExample("BadRequest", "tooManyIds"));
    expect((await send(fake.url, body({ external_id: ids("u", cap) }))).status).toBe(201);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await send(fake.url, "{not json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/not valid JSON/);
  });
});
