import { createClient, instances, operationMetadata } from "@braze-subscriptions/client";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBrazeCore, startBrazeFake } from "../src/index.js";
import { brazeHandlers } from "../src/msw/index.js";
import { body, KEY, PATH, rateHeaders, send } from "./support/fake-requests.js";

const {
  setSubscriptionStatusV2: v2,
  getSubscriptionStatus: statusGet,
  getUserSubscriptionGroups: userGet,
} = operationMetadata;

// The one place a fetch interceptor is the point: teams that mock fetch get the same rules.
const core = createBrazeCore({ apiKeys: [KEY], rateLimit: { limit: 100 } });
const server = setupServer(...brazeHandlers({ core }));
beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
afterEach(() => {
  core.reset();
  core.setFaults(undefined);
});
afterAll(() => server.close());

describe("brazeHandlers (msw)", () => {
  it("answers a typed client aimed at a real Braze instance, and records the state", async () => {
    const client = createClient({ apiKey: KEY, instance: "EU-01" });
    const { data, response } = await client.POST(PATH, {
      body: {
        subscription_group_id: "g",
        subscription_state: "subscribed",
        phone: ["+12223334444"],
      },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual({ message: "success" });
    expect(rateHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
    expect(core.state.get("g", { phone: "+12223334444" })).toBe("subscribed");
    expect(core.requests).toHaveLength(1);
  });

  it("intercepts every instance of the spec's servers", async () => {
    for (const baseUrl of Object.values(instances)) {
      expect((await send(baseUrl, body())).status).toBe(201);
    }
  });

  it("gives the same answers as the HTTP server, rule for rule", async () => {
    const fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: { limit: 100 } });
    try {
      const cases: Array<[unknown, Parameters<typeof send>[2]]> = [
        [body(), {}],
        [body({ email: "a@example.com", phone: "+12223334444" }), {}],
        [body({ external_id: [] }), {}],
        [body(), { key: "nope" }],
        [body(), { authorization: `bearer ${KEY}` }],
        [body(), { path: "/users/track" }],
        ["{", {}],
        // v2, and reads in both encodings of several values, after the writes above.
        [
          {
            subscription_groups: [
              { subscription_group_id: "g1", subscription_state: "subscribed", emails: ["a@x.co"] },
              {
                subscription_group_id: "g2",
                subscription_state: "subscribed",
                external_ids: ["u"],
              },
            ],
          },
          { path: v2.path },
        ],
        [
          {
            subscription_groups: [
              { subscription_group_id: "g1", subscription_state: "subscribed", emails: ["a@x.co"] },
              {
                subscription_group_id: "g2",
                subscription_state: "subscribed",
                phones: ["+12223334444"],
              },
            ],
          },
          { path: v2.path },
        ],
        ...[
          "subscription_group_id=group-1&external_id[]=user-1&external_id[]=none",
          "subscription_group_id=group-1&external_id=user-1&external_id=none",
          "subscription_group_id=g1&email=a%40x.co&phone=%2B12223334444",
        ].map((query): [unknown, Parameters<typeof send>[2]] => [
          undefined,
          { method: "GET", path: `${statusGet.path}?${query}` },
        ]),
        [undefined, { method: "GET", path: `${userGet.path}?external_id=u&limit=1&offset=0` }],
        [undefined, { method: "GET", path: `${userGet.path}?external_id=u&limit=0` }],
      ];
      for (const [payload, init] of cases) {
        const viaMsw = await send(instances["US-01"], payload, init);
        const viaHttp = await send(fake.url, payload, init);
        // Rate headers are left out: a window may turn between the two requests.
        expect([viaMsw.status, await viaMsw.text()]).toEqual([
          viaHttp.status,
          await viaHttp.text(),
        ]);
      }
    } finally {
      await fake.close();
    }
  });

  it("turns a reset fault into a network error and injects 5xx", async () => {
    core.setFaults({ rates: { reset: 1 } });
    await expect(send(instances["US-01"], body())).rejects.toThrow(TypeError);
    core.setFaults({ rates: { 502: 1 } });
    const response = await send(instances["US-01"], body());
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/<html>/);
    expect(core.state.size).toBe(0);
  });

  it("delays a timeout fault past the client's timeout, with the change applied", async () => {
    core.setFaults({ rates: { timeout: 1 }, timeoutDelayMs: 5000 });
    await expect(
      send(instances["US-01"], body(), { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(core.state.get("group-1", { externalId: "user-1" })).toBe("unsubscribed");
  });

  it("routes under the path of a base URL (a proxy prefix)", async () => {
    const prefixed = setupServer(
      ...brazeHandlers({ core, baseUrl: "https://proxy.example.test/braze/" }),
    );
    server.close();
    prefixed.listen({ onUnhandledRequest: "error" });
    try {
      expect((await send("https://proxy.example.test/braze", body())).status).toBe(201);
      expect(
        (await send("https://proxy.example.test", body(), { path: "/braze/other" })).status,
      ).toBe(404);
    } finally {
      prefixed.close();
      server.listen({ onUnhandledRequest: "bypass" });
    }
  });

  it("checks its options", () => {
    expect(() => brazeHandlers({ baseUrl: "not a url" })).toThrow(/option "baseUrl"/);
    expect(() => brazeHandlers({ faults: { rates: { 500: 3 } } })).toThrow(
      /brazeHandlers: option "faults.rates.500"/,
    );
    expect(
      brazeHandlers({ baseUrl: ["http://localhost:9/", "https://example.test"] }),
    ).toHaveLength(2);
  });

  // Its own names (baseUrl, core) are known, port and host (no server) are not, and values
  // are described as every option's are ("got undefined" for a function, "got object").
  it.each([
    [
      { baseURL: "https://proxy.example.test" },
      /^brazeHandlers: unknown option "baseURL" \(did you mean "baseUrl"\?\); expected one of .*\bbaseUrl, core$/,
    ],
    [{ port: 4010 }, /^brazeHandlers: unknown option "port"; expected one of apiKeys, /],
    [
      { baseUrl: () => "https://proxy.example.test" },
      /^brazeHandlers: option "baseUrl" must be an absolute URL or a non-empty array of them, got a function$/,
    ],
    [
      { core: {} },
      /^brazeHandlers: option "core" must come from createBrazeCore\(\) or a fake's \.core, got an object$/,
    ],
  ])("refuses %o naming the option", (options, message) => {
    expect(() => brazeHandlers(options as never)).toThrow(new RegExp(message.source));
  });
});
