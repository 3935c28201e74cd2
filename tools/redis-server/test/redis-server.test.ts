import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, startRedisServer } from "../src/index.js";

/** Sends one inline command and returns the first reply line. */
function ask(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => socket.write(`${command}\r\n`));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().split("\r\n")[0] as string);
    });
    socket.once("error", (error) => resolve(`error ${(error as { code?: string }).code}`));
  });
}

describe("startRedisServer", () => {
  it("serves on a free port, dies on kill and comes back empty on restart", async () => {
    const server = await startRedisServer();
    try {
      expect(await ask(server.port, "SET k v")).toBe("+OK");
      await server.kill();
      expect(await ask(server.port, "PING")).toBe("error ECONNREFUSED");
      await server.restart();
      expect(await ask(server.port, "GET k")).toBe("$-1");
    } finally {
      await server.stop();
    }
  });

  it("requires the password when given one", async () => {
    const server = await startRedisServer({ password: "pw-1" });
    try {
      expect(await ask(server.port, "PING")).toMatch(/^-NOAUTH/);
      expect(await ask(server.port, "AUTH pw-1")).toBe("+OK");
    } finally {
      await server.stop();
    }
  });

  it("passes more arguments to the server, on restart too", async () => {
    const server = await startRedisServer({ args: ["--rename-command", "EVAL", ""] });
    try {
      expect(await ask(server.port, "EVAL 'return 1' 0")).toMatch(/^-ERR unknown command/);
      await server.restart();
      expect(await ask(server.port, "EVAL 'return 1' 0")).toMatch(/^-ERR unknown command/);
      expect(await ask(server.port, "PING")).toBe("+PONG");
    } finally {
      await server.stop();
    }
  });

  it("freePort gives a port nobody listens on", async () => {
    expect(await ask(await freePort(), "PING")).toBe("error ECONNREFUSED");
  });
});
