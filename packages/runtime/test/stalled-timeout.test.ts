import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";

const BODY: SetSubscriptionStatusBody = {
  subscription_group_id: "g1",
  subscription_state: "unsubscribed",
  external_id: ["a"],
};
const ANSWER_AFTER_MS = 100;
const TIMEOUT_MS = 300;
const STALL_MS = 700;

// A real HTTP server on its own thread, so that it answers while the test's thread is blocked.
// It tells the test when it has a request, and answers Braze's success 100 ms later.
const SERVER = `
const { createServer } = require("node:http");
const { parentPort } = require("node:worker_threads");
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    parentPort.postMessage("received");
    setTimeout(() => {
      response.writeHead(201, { "content-type": "application/json" });
      response.end('{"message":"success"}');
    }, ${ANSWER_AFTER_MS});
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

describe("a timeout after the process itself stalled", () => {
  it("reads the answer that arrived in time instead of calling it a timeout and sending again", async () => {
    worker = new Worker(SERVER, { eval: true });
    const [port] = (await once(worker, "message")) as [number];
    const braze = createBrazeRuntime({
      apiKey: "stalled-timeout-key",
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: 1 },
    });
    // Once the server has the request, this thread blocks (a long synchronous task, a busy
    // machine) past the timeout; the answer arrives meanwhile. When the thread runs again, the
    // attempt's timer is due and the answer waits on the socket.
    worker.once("message", () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, STALL_MS);
    });
    expect(await braze.send(BODY)).toMatchObject({ status: 201, attempts: 1 });
  });
});
