// Braze has answered writes `202 {"message":"queued"}` during maintenance (the spec's Success
// response and its schema's `message` enum): a success, which the `queued` fault gives.
import { operationMetadata } from "@braze-subscriptions/client";
import spec from "@braze-subscriptions/openapi/openapi.json" with { type: "json" };
import { responseBodyValidator } from "@braze-subscriptions/validators";
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { createBrazeCore, faultKinds, parseFakeArgs } from "../src/index.js";
import { brazeHandlers } from "../src/msw/index.js";
import { body, KEY, PATH, rateHeaders, send } from "./support/fake-requests.js";
import { startedFakes } from "./support/started-fakes.js";

const { setSubscriptionStatusV2: v2, getSubscriptionStatus: statusGet } = operationMetadata;
// What the spec says of it, read the way a reader of the spec would: the success schema's
// `message` words other than the documented example's, and the status its prose names.
const successWords = spec.components.schemas.SuccessResponse.properties.message.enum;
const QUEUED = { message: successWords.find((word) => word !== "success") };

const start = startedFakes();

describe("the queued fault: 202 {message: queued}, a success", () => {
  it("is what the spec documents, and what the spec's response validator accepts", () => {
    expect(QUEUED).toEqual({ message: "queued" });
    expect(spec.components.responses.Success.description).toContain('`202 {"message":"queued"}`');
    expect(faultKinds).toContain("queued");
    // The last kind: existing seeds and rates keep their sequences.
    expect(faultKinds.at(-1)).toBe("queued");
  });

  it("answers a v1 write 202 queued, applies it, spends budget, and logs it as it was answered", async () => {
    const fake = await start({ apiKeys: [KEY], faults: { rates: { queued: 1 } } });
    const response = await send(fake.url, body({ external_id: ["a", "b"] }));
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toBe("application/json");
    const answer = await response.json();
    expect(answer).toEqual(QUEUED);
    expect(
      responseBodyValidator(
        "setSubscriptionStatus",
        202,
        response.headers.get("content-type") ?? "",
      )?.(answer),
    ).toMatchObject({ ok: true });
    const { limit, remaining } = rateHeaders(response);
    expect(remaining).toBe(limit - 1);
    // Applied, as Braze eventually applies a queued write.
    expect(fake.state.get("group-1", { externalId: "a" })).toBe("unsubscribed");
    expect(fake.state.get("group-1", { externalId: "b" })).toBe("unsubscribed");
    expect(fake.requests).toEqual([
      expect.objectContaining({ path: PATH, status: 202, fault: "queued", identifierCount: 2 }),
    ]);
  });

  it("answers a v2 write the same way", async () => {
    const fake = await start({ faults: { rates: { queued: 1 } } });
    const response = await send(
      fake.url,
      {
        subscription_groups: [
          { subscription_group_id: "g1", subscription_state: "subscribed", external_ids: ["x"] },
        ],
      },
      { path: v2.path },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual(QUEUED);
    expect(fake.state.get("g1", { externalId: "x" })).toBe("subscribed");
    expect(fake.requests[0]).toMatchObject({ status: 202, fault: "queued" });
  });

  it("is not drawn into an answer before auth, the rate limit or validation, nor for a read", async () => {
    const fake = await start({ apiKeys: [KEY], faults: { rates: { queued: 1 } } });
    expect((await send(fake.url, body(), { key: "other" })).status).toBe(401);
    expect((await send(fake.url, body({ external_id: [] }))).status).toBe(400);
    const read = await send(fake.url, undefined, {
      method: statusGet.method,
      path: `${statusGet.path}?subscription_group_id=group-1&external_id=u1`,
    });
    expect(read.status).toBe(200);
    expect(fake.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [401, undefined],
      [400, undefined],
      [200, undefined],
    ]);
    expect(fake.state.size).toBe(0);
  });

  it("mixes with other faults by rate, deterministically for a seed", async () => {
    const statuses = async () => {
      const fake = await start({ faults: { seed: 5, rates: { queued: 0.5, 503: 0.2 } } });
      const out: number[] = [];
      for (let i = 0; i < 40; i++)
        out.push((await send(fake.url, body({ external_id: [`u${i}`] }))).status);
      return { out, fake };
    };
    const a = await statuses();
    const b = await statuses();
    expect(a.out).toEqual(b.out);
    expect(new Set(a.out)).toEqual(new Set([201, 202, 503]));
    // Every 201 and 202 was applied, no 503 was.
    for (const [i, status] of a.out.entries()) {
      expect(a.fake.state.get("group-1", { externalId: `u${i}` })).toBe(
        status === 503 ? undefined : "unsubscribed",
      );
    }
  });

  it("answers the same through the msw handlers", async () => {
    const core = createBrazeCore({ faults: { rates: { queued: 1 } } });
    const server = setupServer(...brazeHandlers({ core, baseUrl: "https://braze.test" }));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const response = await send("https://braze.test", body());
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual(QUEUED);
      expect(core.requests[0]).toMatchObject({ status: 202, fault: "queued" });
    } finally {
      server.close();
    }
  });

  it("is taken by the shared flag parser (braze-fake and mock): --faults queued=1", () => {
    expect(parseFakeArgs(["--faults", "queued=1,503=0"])).toEqual({
      help: false,
      log: false,
      options: { faults: { rates: { queued: 1, 503: 0 } } },
    });
  });
});
