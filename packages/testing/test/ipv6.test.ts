// An IPv6 address goes in brackets wherever the fake forms a URL or a host:port
// (`http://::1:1234` is not a URL). This machine listens on ::1, so the fake is tested there
// too, not only the formatting.
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { FakeListenError, startBrazeFake } from "../src/index.js";
import { hostPort } from "../src/server/host-port.js";
import { body, send } from "./support/fake-requests.js";

describe("hostPort", () => {
  it.each([
    ["127.0.0.1", 8080, "127.0.0.1:8080"],
    ["localhost", 80, "localhost:80"],
    ["::1", 1234, "[::1]:1234"],
    ["::", 0, "[::]:0"],
    ["2001:db8::7", 443, "[2001:db8::7]:443"],
    ["[::1]", 1234, "[::1]:1234"],
  ])("%s and %i → %s", (host, port, expected) => {
    expect(hostPort(host, port)).toBe(expected);
    expect(URL.canParse(`http://${expected}`)).toBe(true);
  });
});

describe("the fake on ::1", () => {
  it("gives a URL with the address in brackets, which a client can use", async () => {
    const fake = await startBrazeFake({ host: "::1" });
    try {
      expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(new URL(fake.url).hostname).toBe("[::1]");
      expect((await send(fake.url, body())).status).toBe(201);
    } finally {
      await fake.close();
    }
  });

  it("takes the address in brackets too, as a URL writes it", async () => {
    const fake = await startBrazeFake({ host: "[::1]" });
    try {
      expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await send(fake.url, body())).status).toBe(201);
    } finally {
      await fake.close();
    }
  });

  it("names the address in brackets when it cannot listen", async () => {
    const holder = createServer().listen(0, "::1");
    await once(holder, "listening");
    const { port } = holder.address() as { port: number };
    try {
      const error = await startBrazeFake({ host: "::1", port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FakeListenError);
      expect((error as FakeListenError).address).toBe(`[::1]:${port}`);
      expect((error as FakeListenError).message).toContain(`[::1]:${port}`);
      expect((error as FakeListenError).cause).toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await new Promise((done) => holder.close(done));
    }
  });
});
