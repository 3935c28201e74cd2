import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, instances, type SetSubscriptionStatusBody } from "../src/index.js";
import { startRecordingServer } from "./support/local-server.js";

const body: SetSubscriptionStatusBody = {
  subscription_group_id: "group-1",
  subscription_state: "unsubscribed",
  email: ["a@example.com", "b@example.com"],
};

describe("createClient on the wire", () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  it("POSTs the JSON body to the operation's path with the bearer key", async () => {
    const client = createClient({ apiKey: "key-123", baseUrl: server.url });
    const { data, error, response } = await client.POST("/subscription/status/set", { body });
    expect(error).toBeUndefined();
    expect(data).toEqual({ message: "success" });
    expect(response.status).toBe(201);

    const request = server.received.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/subscription/status/set");
    expect(request?.headers.authorization).toBe("Bearer key-123");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(body);
  });

  it("sends extra headers but never lets them replace the key", async () => {
    const client = createClient({
      apiKey: "key-456",
      baseUrl: `${server.url}/`,
      headers: { "X-Trace": "t-1", Authorization: "Bearer someone-else" },
    });
    await client.POST("/subscription/status/set", { body });
    const request = server.received.at(-1);
    expect(request?.headers["x-trace"]).toBe("t-1");
    expect(request?.headers.authorization).toBe("Bearer key-456");
    expect(request?.url).toBe("/subscription/status/set");
  });
});

describe("createClient with an error answer", () => {
  it("returns Braze's error body as `error`", async () => {
    const message = "Either an email address or a phone number should be provided, but not both.";
    const server = await startRecordingServer(400, { message });
    try {
      const client = createClient({ apiKey: "k", baseUrl: server.url });
      const { data, error, response } = await client.POST("/subscription/status/set", { body });
      expect(data).toBeUndefined();
      expect(response.status).toBe(400);
      expect(error).toEqual({ message });
    } finally {
      await server.close();
    }
  });
});

describe("createClient with an instance", () => {
  it.each(Object.entries(instances))("%s sends to %s", async (instance, baseUrl) => {
    const urls: string[] = [];
    // A passed-in fetch (no network, no global mock) records where the client would send.
    const recordingFetch: typeof fetch = async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return Response.json({ message: "success" }, { status: 201 });
    };
    const client = createClient({
      apiKey: "k",
      instance: instance as keyof typeof instances,
      fetch: recordingFetch,
    });
    await client.POST("/subscription/status/set", { body });
    expect(urls).toEqual([`${baseUrl}/subscription/status/set`]);
  });
});
