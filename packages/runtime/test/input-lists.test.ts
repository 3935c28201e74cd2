import { afterEach, describe, expect, it } from "vitest";
import { BrazeValidationError, createBrazeRuntime } from "../src/index.js";
import { accepted, startScriptedServer } from "./support/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An async source that records when each of its values is taken. */
async function* recorded(name: string, values: string[], pulls: string[]) {
  for (const value of values) {
    pulls.push(`${name} ${value}`);
    yield value;
  }
}

describe("a bulk call's identifier lists", () => {
  it("are read in order external ids, emails, phones; each outcome's index is its position in its own list, invalid items counted", async () => {
    server = await startScriptedServer([accepted()]);
    const braze = createBrazeRuntime({ apiKey: "k", baseUrl: server.url });
    const pulls: string[] = [];
    const emails = ["not-an-email", "a@example.com", "a@example.com"];
    const phones = ["+14155550100", "bad"];
    const result = await braze.setStatus(
      {
        subscriptionGroupId: "g",
        state: "subscribed",
        // Given in another order than the one they are read in.
        phones: recorded("phone", phones, pulls),
        emails: recorded("email", emails, pulls),
        externalIds: recorded("external_id", ["u1"], pulls),
      },
      { preflight: false },
    );
    expect(pulls).toEqual([
      "external_id u1",
      ...emails.map((e) => `email ${e}`),
      ...phones.map((p) => `phone ${p}`),
    ]);
    const byPosition = new Map(result.outcomes?.map((o) => [`${o.type} ${o.index}`, o]));
    expect(byPosition.size).toBe(6);
    expect(byPosition.get("external_id 0")).toMatchObject({ id: "u1", outcome: "succeeded" });
    expect(byPosition.get("email 0")).toMatchObject({ id: "not-an-email", outcome: "invalid" });
    expect(byPosition.get("email 1")).toMatchObject({ id: "a@example.com", outcome: "succeeded" });
    expect(byPosition.get("email 2")).toMatchObject({ id: "a@example.com", outcome: "duplicate" });
    expect(byPosition.get("phone 0")).toMatchObject({ id: "+14155550100", outcome: "succeeded" });
    expect(byPosition.get("phone 1")).toMatchObject({ id: "bad", outcome: "invalid" });
    // One identifier type per request.
    expect(server.seen.map((r) => Object.keys(JSON.parse(r.body)).sort())).toEqual([
      ["external_id", "subscription_group_id", "subscription_state"],
      ["email", "subscription_group_id", "subscription_state"],
      ["phone", "subscription_group_id", "subscription_state"],
    ]);
  });

  it("refuse a bare string (never sent as its characters), for writes and reads, before anything is sent", async () => {
    server = await startScriptedServer([accepted()]);
    const braze = createBrazeRuntime({ apiKey: "k", baseUrl: server.url });
    const bare = "abc" as unknown as string[];
    const refusal =
      /\/externalIds must be an array, an iterable or an async iterable of strings \(a single string is refused/;
    const write = braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: bare },
      { preflight: false },
    );
    await expect(write).rejects.toBeInstanceOf(BrazeValidationError);
    await expect(write).rejects.toThrow(refusal);
    const read = braze.getStatus({ subscriptionGroupId: "g", externalIds: bare });
    await expect(read).rejects.toBeInstanceOf(BrazeValidationError);
    await expect(read).rejects.toThrow(refusal);
    const plan = braze.planSetStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      emails: bare,
    });
    await expect(plan).rejects.toThrow(/\/emails must be an array/);
    expect(server.seen).toHaveLength(0);
  });
});
