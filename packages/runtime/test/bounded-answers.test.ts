import type { ServerResponse } from "node:http";
import { operationMetadata, type SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeServerError,
  BrazeUnexpectedResponseError,
  createBrazeRuntime,
} from "../src/index.js";
import { startScriptedServer } from "./support/scripted-server.js";

// A server that streams hundreds of MB as its answer: the runtime reads the spec's bound
// (`x-max-response-bytes`) and hangs up, so memory stays flat and the server cannot push more
// than a few socket buffers' worth.
const BOUND = operationMetadata.setSubscriptionStatus.maxResponseBytes;
const HUGE = 256 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "<p>502 Bad Gateway</p>");
const BODY: SetSubscriptionStatusBody = {
  subscription_group_id: "g1",
  subscription_state: "unsubscribed",
  external_id: ["a"],
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Streams `HUGE` bytes (with backpressure) and counts what it managed to write. */
function streaming(status: number, contentType: string, counter: { written: number }) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { "content-type": contentType, "content-length": String(HUGE) });
    const pump = () => {
      while (counter.written < HUGE && !res.destroyed) {
        counter.written += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on("error", () => {});
    pump();
  };
}

/** Runs `work` while sampling heap and array buffers; returns the peak growth in bytes. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const used = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const before = used();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, used()) - before;
}

describe("answers are read up to the spec's x-max-response-bytes", () => {
  it("has a bound in the spec", () => {
    expect(BOUND).toBeGreaterThan(0);
  });

  it("a 256 MB error page: the first bytes become the error, the rest is never downloaded", async () => {
    const counter = { written: 0 };
    const server = await startScriptedServer([streaming(502, "text/html", counter)]);
    close = server.close;
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      retry: { maxAttempts: 1 },
    });
    let error: unknown;
    const growth = await peakGrowth(async () => {
      error = await braze.send(BODY).catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(BrazeServerError);
    const body = (error as BrazeServerError).body as string;
    expect(body.length).toBe(BOUND);
    expect((error as Error).message).toContain("502 Bad Gateway");
    expect(growth).toBeLessThan(48 * 1024 * 1024);
    // Let the server notice the hang-up, then check it could not push the whole body.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counter.written).toBeLessThan(32 * 1024 * 1024);
  });

  it("a 256 MB body with a 2xx is an unexpected answer, not a success", async () => {
    const counter = { written: 0 };
    const server = await startScriptedServer([streaming(201, "application/json", counter)]);
    close = server.close;
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      retry: { maxAttempts: 1 },
    });
    let error: unknown;
    const growth = await peakGrowth(async () => {
      error = await braze.send(BODY).catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(BrazeUnexpectedResponseError);
    expect((error as Error).message).toContain(
      `HTTP 201, application/json): the body is longer than the ${BOUND} bytes read`,
    );
    expect(growth).toBeLessThan(48 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counter.written).toBeLessThan(32 * 1024 * 1024);
  });
});
