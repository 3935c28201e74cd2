import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEmail, type ValidationResult, validateSetSubscriptionStatusBody } from "../src/index.js";

// The README's example, for real: a validated body goes to the typed client without a cast
// (this file is type-checked by `pnpm lint`) and arrives unchanged at a server on 127.0.0.1.
let server: Server;
let baseUrl: string;
const received: unknown[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    request.on("end", () => {
      received.push(JSON.parse(text));
      response.writeHead(201, { "content-type": "application/json" }).end('{"message":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("with the typed client", () => {
  it("sends the validated value as is", async () => {
    const braze = createClient({ apiKey: "test-key", baseUrl });
    const requestText =
      '{"subscription_group_id":"g","subscription_state":"unsubscribed","email":["a@example.com"]}';
    const result: ValidationResult<SetSubscriptionStatusBody> = validateSetSubscriptionStatusBody(
      JSON.parse(requestText),
    );
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
    const { response } = await braze.POST("/subscription/status/set", { body: result.value });
    expect(response.status).toBe(201);
    expect(received.at(-1)).toEqual(JSON.parse(requestText));
  });

  it("filters identifiers one at a time", () => {
    expect(["a@example.com", "not an email"].filter(isEmail)).toEqual(["a@example.com"]);
  });
});
