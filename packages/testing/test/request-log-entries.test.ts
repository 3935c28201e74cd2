// The log's entries as a test reads them: with vitest's matchers, node's assert, a spread or a
// copy. Each must see the body the type and the README promise, not a getter left behind.
import { deepEqual } from "node:assert/strict";
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
