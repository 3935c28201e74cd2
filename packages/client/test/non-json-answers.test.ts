import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";

// What the README says of answers that are not JSON: an error page comes back as `error`
// (text); a 2xx is parsed as JSON, so one that is not rejects, unless `parseAs: "text"`.

const page = "<!doctype html><title>Sign in</title>";
const body = {
  subscription_group_id: "group-1",
  subscription_state: "unsubscribed" as const,
  external_id: "user-1",
};

describe("answers that are not JSON", () => {
  let url = "";
  let status = 502;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": "text/html" });
      res.end(page);
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("an HTML 502 is the call's `error`, as text", async () => {
    status = 502;
    const braze = createClient({ apiKey: "k", baseUrl: url });
    const { data, error, response } = await braze.POST("/subscription/status/set", { body });
    expect(response.status).toBe(502);
    expect(data).toBeUndefined();
    expect(error).toBe(page);
  });

  it("an HTML 200 rejects with the parser's SyntaxError; parseAs text gives its text", async () => {
    status = 200;
    const braze = createClient({ apiKey: "k", baseUrl: url });
    await expect(braze.POST("/subscription/status/set", { body })).rejects.toBeInstanceOf(
      SyntaxError,
    );
    const { data, response } = await braze.POST("/subscription/status/set", {
      body,
      parseAs: "text",
    });
    expect(response.status).toBe(200);
    expect(data).toBe(page);
  });
});
