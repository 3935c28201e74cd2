import { afterEach, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";
import { accepted, startScriptedServer } from "./support/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it("every request of the runtime carries the client's User-Agent, extended by `userAgent`", async () => {
  server = await startScriptedServer([accepted()]);
  const braze = createBrazeRuntime({ apiKey: "k", baseUrl: server.url, userAgent: "billing/3" });
  await braze.send({
    subscription_group_id: "g",
    subscription_state: "subscribed",
    email: "a@b.co",
  });
  await braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" });
  await braze.close();
  const agents = server.seen.map((request) => request.headers["user-agent"]);
  expect(agents).toHaveLength(2);
  for (const agent of agents) {
    expect(agent).toMatch(
      new RegExp(
        `^braze-subscriptions/\\d+\\.\\d+\\.\\d+\\S* \\(node/${process.versions.node}\\) billing/3$`,
      ),
    );
  }
});

it("a User-Agent in `headers` replaces the default one (and `userAgent`), any letter case", async () => {
  server = await startScriptedServer([accepted()]);
  const braze = createBrazeRuntime({
    apiKey: "k",
    baseUrl: server.url,
    headers: { "user-AGENT": "acme-gateway/7" },
    userAgent: "billing/3",
  });
  await braze.send({
    subscription_group_id: "g",
    subscription_state: "subscribed",
    email: "a@b.co",
  });
  await braze.close();
  expect(server.seen.map((request) => request.headers["user-agent"])).toEqual(["acme-gateway/7"]);
});
