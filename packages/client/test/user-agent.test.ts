import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { startRecordingServer } from "./support/local-server.js";

const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string };
const body = {
  subscription_group_id: "group-1",
  subscription_state: "unsubscribed" as const,
  email: ["a@example.com"],
};

describe("the User-Agent of every request", () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  async function agentOf(options: Parameters<typeof createClient>[0]): Promise<unknown> {
    await createClient({ apiKey: "k", baseUrl: server.url, ...options }).POST(
      "/subscription/status/set",
      { body },
    );
    return server.received.at(-1)?.headers["user-agent"];
  }

  it("names the package version and the runtime", async () => {
    expect(await agentOf({})).toBe(
      `braze-subscriptions/${version} (node/${process.versions.node})`,
    );
  });

  it("is extended by `userAgent`", async () => {
    expect(await agentOf({ userAgent: "billing-sync/2.1" })).toBe(
      `braze-subscriptions/${version} (node/${process.versions.node}) billing-sync/2.1`,
    );
  });

  it("is replaced by a User-Agent header, in any casing", async () => {
    expect(await agentOf({ headers: { "user-agent": "mine/1" } })).toBe("mine/1");
  });

  it("refuses an empty `userAgent`", () => {
    expect(() => createClient({ apiKey: "k", baseUrl: server.url, userAgent: " " })).toThrow(
      /option "userAgent" must be a non-empty string/,
    );
  });
});
