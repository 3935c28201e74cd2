// Identifiers that are also names of Object.prototype: a read answers one state per identifier
// asked for, whatever its text.
import { operationMetadata } from "@braze-subscriptions/client";
import { afterAll, expect, it } from "vitest";
import { startBrazeFake } from "../src/index.js";
import { body, KEY, send } from "./support/fake-requests.js";

const { getSubscriptionStatus: statusGet } = operationMetadata;
const fake = await startBrazeFake({ rateLimit: false });
afterAll(() => fake.close());

function read(query: string): Promise<Response> {
  return fetch(`${fake.url}${statusGet.path}?${query}`, {
    headers: { Authorization: `Bearer ${KEY}` },
  });
}

it("answers the state of an external id named __proto__, keyed as sent", async () => {
  const ids = ["__proto__", "constructor", "u1"];
  expect((await send(fake.url, body({ external_id: ids }))).status).toBe(201);
  const response = await read(
    `subscription_group_id=group-1&${ids.map((id) => `external_id=${id}`).join("&")}&external_id=never`,
  );
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(Object.keys(JSON.parse(text).status)).toEqual([...ids, "never"]);
  expect(text).toContain('"__proto__":"Unsubscribed"');
});
