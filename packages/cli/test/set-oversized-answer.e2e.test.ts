import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { operationMetadata } from "@braze-subscriptions/client";
import { describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// README (What can go wrong): an answer of hundreds of MB (a runaway proxy, a hostile
// server): only the spec's `x-max-response-bytes` are read, the connection is closed, the
// error shows the start of the body. The server here streams 256 MB with backpressure and
// counts what it could hand to the socket: a CLI that read it all would take every byte.

const KEY = "oversized-answer-key-3a9c";
const BOUND = operationMetadata.setSubscriptionStatus.maxResponseBytes;
const HUGE = 256 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "<p>502 Bad Gateway</p>");

interface Streaming {
  url: string;
  /** Bytes of the answer the server managed to write, per request. */
  written: number[];
}

const servers = closedAfterAll();
const temp = useTempDir();

/** Answers every request with `status` and a body of `HUGE` bytes, sent as fast as read. */
async function streamingServer(status: number, contentType: string): Promise<Streaming> {
  const written: number[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const at = written.push(0) - 1;
    res.writeHead(status, { "content-type": contentType, "content-length": String(HUGE) });
    res.on("error", () => {});
    const pump = () => {
      while ((written[at] as number) < HUGE && !res.destroyed) {
        written[at] = (written[at] as number) + CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  servers.keep(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, written };
}

async function set(server: Streaming, name: string) {
  const input = temp.path(`${name}.csv`);
  const report = temp.path(`${name}.report.ndjson`);
  await writeFile(input, "email\nann@example.com\n");
  const result = await runBin(
    [
      "set",
      ...["--group", "g-oversized", "--state", "unsubscribed", "--input", input],
      ...["--base-url", server.url, "--report", report, "--max-retries", "0"],
      ...["--no-preflight", "--json", "--quiet"],
    ],
    { env: { BRAZE_API_KEY: KEY } },
  );
  return { result, lines: await readNdjson<ReportLine>(report) };
}

describe("an answer far over the spec's x-max-response-bytes", () => {
  it("has a bound in the spec, far below the answers sent here", () => {
    expect(BOUND).toBeGreaterThan(0);
    expect(BOUND).toBeLessThan(HUGE / 1024);
  });

  it("a 256 MB error page: the row fails with the start of the page, the rest is never downloaded (exit 3)", async () => {
    const server = await streamingServer(502, "text/html");
    const { result, lines } = await set(server, "error-page");
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, failed: 1, succeeded: 0 });
    expect(lines).toEqual([
      expect.objectContaining({
        line: 2,
        outcome: "failed",
        error: expect.objectContaining({
          status: 502,
          message: expect.stringContaining("502 Bad Gateway"),
        }),
      }),
    ]);
    // One request; it could push a few socket buffers' worth, never the body.
    expect(server.written).toHaveLength(1);
    expect(server.written[0]).toBeLessThan(HUGE / 8);
    expect(result.stdout.length + result.stderr.length).toBeLessThan(2 * BOUND);
  });

  it("a 256 MB body with a 201: an unexpected answer naming the bound, never a success (exit 3)", async () => {
    const server = await streamingServer(201, "application/json");
    const { result, lines } = await set(server, "success-page");
    expect(result.code).toBe(3);
    expect(lines).toEqual([
      expect.objectContaining({
        outcome: "failed",
        error: expect.objectContaining({
          code: "unexpected_response",
          message: expect.stringContaining(`the body is longer than the ${BOUND} bytes read`),
        }),
      }),
    ]);
    // An answer that is not the API's success is tried twice (README), each cut short.
    expect(server.written.length).toBeGreaterThanOrEqual(1);
    for (const bytes of server.written) expect(bytes).toBeLessThan(HUGE / 8);
  });
});
