import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  type GetSubscriptionStatusQuery,
  operationMetadata,
  queryArrayFormat,
  type SetSubscriptionStatusV2Body,
  serializeQuery,
} from "../src/index.js";
import { startRecordingServer } from "./support/local-server.js";

describe("serializeQuery", () => {
  const cases: [
    string,
    { given: Record<string, unknown>; format: "brackets" | "repeat"; want: string },
  ][] = [
    [
      "brackets an array",
      { given: { g: "1", id: ["a", "b"] }, format: "brackets", want: "g=1&id[]=a&id[]=b" },
    ],
    [
      "repeats an array",
      { given: { g: "1", id: ["a", "b"] }, format: "repeat", want: "g=1&id=a&id=b" },
    ],
    [
      "leaves scalars alone",
      { given: { id: "a", limit: 100 }, format: "brackets", want: "id=a&limit=100" },
    ],
    [
      "drops absent values and empty arrays",
      { given: { a: undefined, b: null, c: [] }, format: "brackets", want: "" },
    ],
    [
      "percent-encodes values",
      {
        given: { email: ["a+b@x.com"], phone: "+1 2" },
        format: "repeat",
        want: "email=a%2Bb%40x.com&phone=%2B1%202",
      },
    ],
  ];
  it.each(cases)("%s", (_, { given, format, want }) => {
    expect(serializeQuery(given, format)).toBe(want);
  });
});

describe("the read and v2 operations on the wire", () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer(200, { status: { a: "Subscribed" }, message: "success" });
  });
  afterAll(() => server.close());

  it("GETs /subscription/status/get with typed query params in the spec's array format", async () => {
    const client = createClient({ apiKey: "k", baseUrl: server.url });
    const query: GetSubscriptionStatusQuery = {
      subscription_group_id: "g",
      external_id: ["a", "b"],
    };
    const { data } = await client.GET("/subscription/status/get", { params: { query } });
    // The response body is typed by the spec: a map of capitalised states.
    const state: "Subscribed" | "Unsubscribed" | "Unknown" | undefined = data?.status.a;
    expect(state).toBe("Subscribed");
    const sent = server.received.at(-1);
    expect(sent?.method).toBe("GET");
    const arrays =
      queryArrayFormat === "brackets"
        ? "external_id[]=a&external_id[]=b"
        : "external_id=a&external_id=b";
    expect(sent?.url).toBe(`/subscription/status/get?subscription_group_id=g&${arrays}`);
  });

  it("GETs /subscription/user/status with limit and offset", async () => {
    const client = createClient({ apiKey: "k", baseUrl: server.url });
    await client.GET("/subscription/user/status", {
      params: { query: { email: "a@example.com", limit: 10, offset: 20 } },
    });
    expect(server.received.at(-1)?.url).toBe(
      "/subscription/user/status?email=a%40example.com&limit=10&offset=20",
    );
  });

  it("POSTs a v2 body with several groups", async () => {
    const client = createClient({ apiKey: "k", baseUrl: server.url });
    const body: SetSubscriptionStatusV2Body = {
      subscription_groups: [
        { subscription_group_id: "g1", subscription_state: "unsubscribed", external_ids: ["a"] },
        {
          subscription_group_id: "g2",
          subscription_state: "subscribed",
          emails: ["b@example.com"],
        },
      ],
    };
    await client.POST("/v2/subscription/status/set", { body });
    expect(JSON.parse(server.received.at(-1)?.body ?? "")).toEqual(body);
  });

  it("has metadata for all four operations, the reads on their own bucket", () => {
    const {
      setSubscriptionStatus,
      setSubscriptionStatusV2,
      getSubscriptionStatus,
      getUserSubscriptionGroups,
    } = operationMetadata;
    expect(setSubscriptionStatusV2.rateLimit.bucket).toBe(setSubscriptionStatus.rateLimit.bucket);
    expect(getSubscriptionStatus.rateLimit.bucket).toBe(getUserSubscriptionGroups.rateLimit.bucket);
    expect(getSubscriptionStatus.rateLimit.bucket).not.toBe(setSubscriptionStatus.rateLimit.bucket);
    expect(getSubscriptionStatus.query.listFields.external_id.maxItems).toBeGreaterThan(0);
    expect(
      setSubscriptionStatusV2.requestBody.listFields.subscription_groups.itemFields?.listFields,
    ).toHaveProperty("external_ids");
  });
});
