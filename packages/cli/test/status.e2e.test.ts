import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./support/run-bin.js";

const KEY = "status-key-9f8e7d6c5b";
const NO_READ_KEY = "status-noread-key-2c4d6e";
const read = operationMetadata.getUserSubscriptionGroups;

describe("status <identifier>", () => {
  let fake: BrazeFake;
  const env = () => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url });
  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY, NO_READ_KEY],
      // A key with every permission but this read's.
      permissions: {
        [NO_READ_KEY]: Object.values(operationMetadata)
          .map((operation) => operation.requiredPermission)
          .filter((permission) => permission !== read.requiredPermission),
      },
      rateLimit: false,
    });
    fake.state.set("news", { email: "ann@example.com" }, "unsubscribed");
    fake.state.set("promos", { email: "ann@example.com" }, "subscribed");
  });
  afterAll(() => fake?.close());

  it("prints the user's groups as a table, the type guessed from the identifier", async () => {
    const result = await runBin(["status", "ann@example.com"], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/user ann@example\.com/);
    expect(result.stdout).toMatch(/news\s+Unsubscribed/);
    expect(result.stdout).toMatch(/promos\s+Subscribed/);
    expect(fake.requests.at(-1)?.path).toBe("/subscription/user/status");
  });

  it("prints Braze's answer with --json, and says when there is no profile", async () => {
    const json = await runBin(["status", "ann@example.com", "--json"], { env: env() });
    expect(JSON.parse(json.stdout).users[0].subscription_groups).toHaveLength(2);
    const none = await runBin(["status", "nobody", "--type", "external_id"], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no profile with external_id nobody/);
  });

  it("refuses a phone written for people before any read (it read back as an external id: no profile, exit 0)", async () => {
    const before = fake.requests.length;
    const guessed = await runBin(["status", "+1 555 123 4567"], { env: env() });
    expect(guessed.code).toBe(2);
    expect(guessed.stderr).toMatch(
      /"\+1 555 123 4567" is not a phone number in E\.164 form .*\+15551234567, or pass --type external_id/,
    );
    const typed = await runBin(["status", "15551234567", "--type", "phone"], { env: env() });
    expect(typed.code).toBe(2);
    expect(typed.stderr).not.toMatch(/--type external_id/);
    expect(fake.requests.length).toBe(before);
  });

  it("trims the identifier as set does, and refuses an empty or malformed one before any read", async () => {
    fake.state.set("sms", { phone: "+15551234567" }, "subscribed");
    // A pasted " +15551234567" was guessed an external id: "no profile", exit 0.
    const phone = await runBin(["status", " +15551234567\n"], { env: env() });
    expect(phone.stdout).toMatch(/sms\s+Subscribed/);
    expect(phone.code).toBe(0);
    // A trailing space was sent as is: Braze's 400, exit 3.
    const email = await runBin(["status", "ann@example.com "], { env: env() });
    expect(email.stdout).toMatch(/news\s+Unsubscribed/);
    expect(email.code).toBe(0);
    const before = fake.requests.length;
    // An empty identifier was sent (exit 3); an address the spec refuses cost a read (exit 3).
    const empty = await runBin(["status", " "], { env: env() });
    expect(empty.stderr).toMatch(/the identifier is empty/);
    expect(empty.code).toBe(2);
    const unicode = await runBin(["status", "ünï@exämple.com"], { env: env() });
    expect(unicode.stderr).toMatch(
      /"ünï@exämple\.com" is not a valid email .*--type external_id .*nothing was read/,
    );
    expect(unicode.code).toBe(2);
    expect(fake.requests.length).toBe(before);
  });

  // As `set` and `verify` say them: a refused key, permission or URL is the command's
  // settings (exit 2), not an answer about the user (exit 3 was "Braze refused the request").
  it.each([
    ["a refused key", "wrong-key-123456", "", /the API key was refused.*\(HTTP 401: /],
    [
      "a key without the read's permission",
      NO_READ_KEY,
      "",
      new RegExp(
        `the API key lacks ${read.requiredPermission.replaceAll(".", "\\.")} \\(HTTP 403: `,
      ),
    ],
    ["a wrong base URL", KEY, "/wrong-prefix", /the URL was not found.*\(HTTP 404: /],
  ])("%s: one line naming it, exit 2, without the key", async (_, key, path, reason) => {
    const result = await runBin(["status", "ann@example.com"], {
      env: { BRAZE_API_KEY: key, BRAZE_REST_URL: `${fake.url}${path}` },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(lines[0]).toMatch(/; nothing was read$/);
    expect(result.stderr).not.toContain(key);
  });
});
