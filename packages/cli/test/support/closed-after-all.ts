import type { Server } from "node:http";
import { afterAll } from "vitest";

/**
 * The HTTP servers a test file starts on 127.0.0.1, closed after its tests with their open
 * connections (a server that never answers holds its requests open, and `close` alone would
 * wait for them).
 */
export function closedAfterAll(): { keep: <T extends Server>(server: T) => T } {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  return {
    keep(server) {
      servers.push(server);
      return server;
    },
  };
}
