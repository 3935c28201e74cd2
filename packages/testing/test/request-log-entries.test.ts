// The log's entries as a test reads them: with vitest's matchers, node's assert, a spread or a
// copy. Each must see the body the type and the README promise, not a getter left behind.
import { deepEqual } from "node:assert/strict";
import { operationMetadata } from "@braze-subscriptions/client";
import { afterAll, beforeEach, expect, it } from "vitest";
import { startBrazeFake } from "../src/index.js";
import { body, PATH, send } from "./support/fake-requests.js";

const fake = await startBrazeFake({ rateLimit: false });
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const sent = body({ external_id: ["a", "b"] });
const expected = {
  time: expect.any(Number),
  method: "POST",
  path: PATH,
  query: undefined,
  status: 201,
  identifierCount: 2,
  body: sent,
  fault: undefined,
};

it("compares whole with toEqual, body included", async () => {
  await send(fake.url, sent);
  expect(fake.requests).toEqual([expected]);
});

it("keeps the body in a spread copy and a structured clone", async () => {
  await send(fake.url, sent);
  const copies = fake.requests.map((entry) => ({ ...entry }));
  expect(copies[0]?.body).toEqual(sent);
  expect(structuredClone(fake.requests)[0]?.body).toEqual(sent);
});

it("keeps the body for node's loose deepEqual", async () => {
  await send(fake.url, sent);
  const entry = fake.requests[0];
  deepEqual({ ...entry, time: 0 }, { ...expected, time: 0 });
});

it("reads a body once parsed, and leaves it out when logBodies is off", async () => {
  await send(fake.url, sent);
  const entry = fake.requests[0];
  expect(entry?.body).toBe(entry?.body);
  const quiet = await startBrazeFake({ logBodies: false });
  try {
    await send(quiet.url, sent);
    expect({ ...quiet.requests[0] }).toEqual({ ...expected, body: undefined });
  } finally {
    await quiet.close();
  }
});

const { getSubscriptionStatus: statusGet, getUserSubscriptionGroups: userGet } = operationMetadata;

it("keeps a read's query as the fake read it, in either encoding, as plain data", async () => {
  const asked = { subscription_group_id: "group-1", external_id: ["a", "b"] };
  await send(fake.url, undefined, {
    method: statusGet.method,
    path: `${statusGet.path}?subscription_group_id=group-1&external_id[]=a&external_id[]=b`,
  });
  await send(fake.url, undefined, {
    method: statusGet.method,
    path: `${statusGet.path}?subscription_group_id=group-1&external_id=a&external_id=b`,
  });
  await send(fake.url, undefined, {
    method: userGet.method,
    path: `${userGet.path}?email=x%40example.com&limit=10`,
  });
  const readEntry = {
    time: expect.any(Number),
    method: "GET",
    path: statusGet.path,
    query: asked,
    status: 200,
    identifierCount: 2,
    body: undefined,
    fault: undefined,
  };
  expect(fake.requests).toEqual([
    readEntry,
    readEntry,
    {
      ...readEntry,
      path: userGet.path,
      query: { email: "x@example.com", limit: 10 },
      identifierCount: 1,
    },
  ]);
  expect(structuredClone(fake.requests)[0]?.query).toEqual(asked);
  expect({ ...fake.requests[1] }.query).toEqual(asked);
  const entry = fake.requests[0];
  deepEqual({ ...entry, time: 0 }, { ...readEntry, time: 0 });
  expect(JSON.parse(JSON.stringify(fake.requests[2]))).toMatchObject({
    query: { email: "x@example.com", limit: 10 },
  });
});

it("logs no query for a request that had none, and a write's query (which it ignores) when it has one", async () => {
  await send(fake.url, sent);
  await send(fake.url, sent, { path: `${PATH}?trace=1&trace=2` });
  expect(fake.requests.map((entry) => entry.query)).toEqual([undefined, { trace: ["1", "2"] }]);
});
