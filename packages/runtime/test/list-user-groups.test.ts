import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeAuthError,
  BrazeValidationError,
  createBrazeRuntime,
  type UserGroupsPage,
} from "../src/index.js";

const API_KEY = "list-user-groups-key-5b2e9c";
const read = operationMetadata.getUserSubscriptionGroups;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake holding `count` users (`user-0` …), each in two groups. */
async function fakeWithUsers(count: number): Promise<{ fake: BrazeFake; ids: string[] }> {
  fake = await startBrazeFake({ apiKeys: [API_KEY], logBodies: false });
  const ids = Array.from({ length: count }, (_, i) => `user-${i}`);
  for (const externalId of ids) {
    fake.state.set("g-news", { externalId }, "unsubscribed");
    fake.state.set("g-promo", { externalId }, "subscribed");
  }
  return { fake, ids };
}

function readsOf(server: BrazeFake) {
  return server.requests.filter((request) => request.path === read.path);
}

describe("listUserGroups", () => {
  it("reads every page, offset moving on by the users each brought", async () => {
    const { fake, ids } = await fakeWithUsers(5);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const pages: UserGroupsPage[] = [];
    for await (const page of braze.listUserGroups({ external_id: ids, limit: 2 }).pages())
      pages.push(page);
    expect(
      pages.map((page) => [page.offset, page.data.users.length, page.data.total_count]),
    ).toEqual([
      [0, 2, 5],
      [2, 2, 5],
      [4, 1, 5],
    ]);
    const users = pages.flatMap((page) => page.data.users);
    expect(users.map((user) => user.external_id).sort()).toEqual([...ids].sort());
    for (const user of users) {
      const groups = user.subscription_groups.map((group) => [group.id, group.status]);
      expect(groups).toEqual(
        expect.arrayContaining([
          ["g-news", expect.stringMatching(/^unsubscribed$/i)],
          ["g-promo", expect.stringMatching(/^subscribed$/i)],
        ]),
      );
    }
    expect(readsOf(fake)).toHaveLength(3);
    await braze.close();
  });

  it("is an async iterable of users; leaving the loop early reads no further page", async () => {
    const { fake, ids } = await fakeWithUsers(5);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const all = [];
    for await (const user of braze.listUserGroups({ external_id: ids, limit: 2 })) all.push(user);
    expect(all).toHaveLength(5);
    const before = readsOf(fake).length;
    for await (const user of braze.listUserGroups({ external_id: ids, limit: 2 })) {
      expect(user.external_id).toMatch(/^user-/);
      break;
    }
    expect(readsOf(fake).length - before).toBe(1);
    await braze.close();
  });

  it("maxUsers: ends there, its last page asking only for what is left", async () => {
    const { fake, ids } = await fakeWithUsers(5);
    // The real fetch, its URLs noted: the fake's log keeps no query string.
    const queries: string[] = [];
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        queries.push(
          `offset=${url.searchParams.get("offset")} limit=${url.searchParams.get("limit")}`,
        );
        return fetch(input, init);
      },
    });
    const users = [];
    const listing = braze.listUserGroups({ external_id: ids, limit: 2 }, { maxUsers: 3 });
    for await (const user of listing) users.push(user);
    expect(users).toHaveLength(3);
    expect(queries).toEqual(["offset=0 limit=2", "offset=2 limit=1"]);
    expect(() => braze.listUserGroups({ external_id: ids }, { maxUsers: 0 })).toThrow(
      /option "maxUsers" must be an integer ≥ 1, got number 0/,
    );
    await braze.close();
  });

  it("one email: a single page when Braze says so", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], logBodies: false });
    fake.state.set("g-news", { email: "ann@example.com" }, "unsubscribed");
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const users = [];
    for await (const user of braze.listUserGroups({ email: "ann@example.com" })) users.push(user);
    expect(users).toHaveLength(1);
    expect(users[0]?.email).toBe("ann@example.com");
    expect(readsOf(fake)).toHaveLength(1);
    await braze.close();
  });

  it("refuses a query the spec refuses at once, before any request", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], logBodies: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    expect(() => braze.listUserGroups({})).toThrow(BrazeValidationError);
    expect(() => braze.listUserGroups({ external_id: [] })).toThrow(/external_id/);
    expect(() => braze.listUserGroups({ email: "ann@example.com", limit: 0 })).toThrow(/limit/);
    expect(readsOf(fake)).toHaveLength(0);
    await braze.close();
  });

  it("a refused page throws the typed error of its status, without the key", async () => {
    fake = await startBrazeFake({ apiKeys: ["another-key-entirely-000"], logBodies: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const listing = braze.listUserGroups({ email: "ann@example.com" });
    const error = await (async () => {
      for await (const _ of listing) {
        // nothing: the first page is refused
      }
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BrazeAuthError);
    expect((error as BrazeAuthError).status).toBe(401);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(String((error as Error).stack)).not.toContain(API_KEY);
    await braze.close();
  });
});
