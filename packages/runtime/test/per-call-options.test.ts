import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeAbortError,
  BrazeServerError,
  BrazeTimeoutError,
  createBrazeRuntime,
} from "../src/index.js";
import { runtimeWithItsSlotHeld } from "./support/held-slot.js";
import { hang, json, startScriptedServer } from "./support/scripted-server.js";

// Per-call timeoutMs, retry and signal, as openai-node takes timeout and maxRetries per request.

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const body = {
  subscription_group_id: "g",
  subscription_state: "subscribed" as const,
  external_id: "a",
};
const input = { subscriptionGroupId: "g", state: "subscribed" as const, externalIds: ["a", "b"] };

async function drainUsers(listing: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of listing) {
    // nothing to do with a user
  }
}

function runtime(url: string) {
  // The runtime's own settings: one attempt, a long timeout.
  return createBrazeRuntime({
    apiKey: "k",
    baseUrl: url,
    retry: { maxAttempts: 1 },
    timeoutMs: 30_000,
  });
}

describe("send", () => {
  it("timeoutMs per call bounds each attempt of that call only", async () => {
    server = await startScriptedServer([hang]);
    const braze = runtime(server.url);
    const started = Date.now();
    await expect(braze.send(body, { timeoutMs: 100 })).rejects.toBeInstanceOf(BrazeTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await braze.close();
  });

  it("retry per call retries where the runtime would not, and the runtime's setting stays", async () => {
    server = await startScriptedServer([
      json(500, { message: "a" }),
      json(201, { message: "success" }),
      json(500, { message: "b" }),
      json(201, { message: "success" }),
    ]);
    const braze = runtime(server.url);
    const result = await braze.send(body, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    expect(result).toMatchObject({ status: 201, attempts: 2 });
    await expect(braze.send(body)).rejects.toBeInstanceOf(BrazeServerError);
    await braze.close();
  });

  it("signal per call aborts it", async () => {
    server = await startScriptedServer([hang]);
    const braze = runtime(server.url);
    const controller = new AbortController();
    const sent = braze.send(body, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    await expect(sent).rejects.toThrow(/aborted by its AbortSignal \(user left\)/);
    await braze.close();
  });

  it("signal per call also ends the wait for a free slot, while other calls hold every slot", async () => {
    // One slot, held by a bulk job's request that gets no answer: the signal's 100 ms used to
    // wait for that request to settle first.
    server = await startScriptedServer([hang]);
    const { braze, release } = await runtimeWithItsSlotHeld(server, "k");
    const started = Date.now();
    await expect(braze.send(body, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      BrazeAbortError,
    );
    const listing = braze.listUserGroups(
      { external_id: ["a"] },
      { signal: AbortSignal.timeout(100) },
    );
    await expect(drainUsers(listing)).rejects.toThrow(BrazeAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(1);
    await release();
    // The slot still works once the job let it go.
    await expect(braze.send(body, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      BrazeAbortError,
    );
    expect(server.seen).toHaveLength(2);
    await braze.close();
  });

  it("refuses a bad per-call value with a TypeError naming the call and option", async () => {
    const braze = runtime("http://127.0.0.1:9");
    await expect(braze.send(body, { timeoutMs: 0 })).rejects.toThrow(
      /^send: option "timeoutMs" must be /,
    );
    await expect(braze.setStatus(input, { retry: { maxAttempts: 0 } })).rejects.toThrow(
      /setStatus: option "retry.maxAttempts" must be an integer ≥ 1, got number 0/,
    );
    const read = { subscriptionGroupId: "g", externalIds: ["a"] };
    await expect(braze.getStatus(read, { retry: { baseDelayMs: -1 } })).rejects.toThrow(
      /^getStatus: option "retry.baseDelayMs" must be /,
    );
    // A stream refuses them when it is made or at its first batch, before anything is read.
    const drain = async (stream: () => AsyncIterable<unknown>) => {
      for await (const _ of stream()) {
        // nothing to do with a batch
      }
    };
    await expect(drain(() => braze.setStatusStream(input, { timeoutMs: -1 }))).rejects.toThrow(
      new TypeError(
        'setStatusStream: option "timeoutMs" must be a number of milliseconds from 1 to 2147483647 (the longest a timer can wait, about 24.8 days), got number -1',
      ),
    );
    await expect(
      drain(() => braze.getStatusStream(read, { timeoutMs: "5s" as unknown as number })),
    ).rejects.toThrow(/^getStatusStream: option "timeoutMs" must be .*, got "5s"$/);
    await braze.close();
  });
});

/** A call of a runtime ({@link runtime}) with options it must refuse, and the refusal's text. */
type RefusedCall = [string, (braze: ReturnType<typeof runtime>) => Promise<unknown>, RegExp];

/** `call` is refused with a TypeError matching `want`, every time, and nothing is sent. */
async function expectRefusedUnsent(call: RefusedCall[1], want: RegExp): Promise<void> {
  server = await startScriptedServer([json(201, { message: "success" })]);
  const braze = runtime(server.url);
  await expect(call(braze)).rejects.toThrow(TypeError);
  await expect(call(braze)).rejects.toThrow(want);
  expect(server.seen).toHaveLength(0);
  await braze.close();
}

describe("per-call options of another name are refused, not ignored", () => {
  // openai-node's `timeout` and `maxRetries` (or a typo) ran the call on the runtime's
  // settings: a 30 s timeout and 8 attempts where one short attempt was asked for.
  const read = { subscriptionGroupId: "g", externalIds: ["a"] };
  const drain = async (stream: AsyncIterable<unknown>) => {
    for await (const _ of stream) {
      // nothing to do with a batch
    }
  };
  const calls: RefusedCall[] = [
    [
      "send",
      (braze) => braze.send(body, { timeout: 100 } as never),
      /^send: unknown option "timeout"; expected one of signal, timeoutMs, retry$/,
    ],
    [
      "setStatus",
      (braze) => braze.setStatus(input, { maxRetries: 0 } as never),
      /^setStatus: unknown option "maxRetries"; expected one of signal, stopSignal, /,
    ],
    [
      "setStatusStream",
      async (braze) => drain(braze.setStatusStream(input, { timeout: 100 } as never)),
      /^setStatusStream: unknown option "timeout"/,
    ],
    [
      "getStatus",
      (braze) => braze.getStatus(read, { Signal: AbortSignal.abort() } as never),
      /^getStatus: unknown option "Signal" \(did you mean "signal"\?\)/,
    ],
    [
      "getStatusStream",
      async (braze) => drain(braze.getStatusStream(read, { timeout: 100 } as never)),
      /^getStatusStream: unknown option "timeout"/,
    ],
    [
      "listUserGroups",
      async (braze) => braze.listUserGroups({ external_id: ["a"] }, { maxUser: 1 } as never),
      /^listUserGroups: unknown option "maxUser"; expected one of signal, maxUsers, timeoutMs, retry$/,
    ],
    [
      "preflight",
      (braze) =>
        braze.preflight({ subscriptionGroupId: "g", type: "external_id", candidates: ["a"] }, {
          timeoutMs: 100,
        } as never),
      /^preflight: unknown option "timeoutMs"; expected one of signal, purpose$/,
    ],
    [
      "preflight purpose",
      (braze) =>
        braze.preflight({ subscriptionGroupId: "g", type: "external_id", candidates: ["a"] }, {
          purpose: "read",
        } as never),
      // "read" was taken for "writes": the job of reads was checked on the wrong bucket.
      /^preflight: option "purpose" must be "writes" or "reads", got "read"$/,
    ],
    [
      "planSetStatus",
      (braze) => braze.planSetStatus(input, { maxFailures: 1 } as never),
      /^planSetStatus: unknown option "maxFailures"; expected one of signal, onOutcome, /,
    ],
    [
      "a typo inside retry",
      (braze) => braze.send(body, { retry: { maxRetries: 1 } } as never),
      /^send: unknown option "retry.maxRetries"; expected one of maxAttempts, /,
    ],
  ];
  it.each(calls)("%s: a TypeError naming the option, nothing sent", async (_name, call, want) => {
    await expectRefusedUnsent(call, want);
  });
});

describe("per-call signals, callbacks and flags are checked before anything is sent", () => {
  // `onProgress: 5` failed after the first write had left (a BrazeInterruptedError), and
  // `signal: {}` with "this[#caller]?.addEventListener is not a function".
  const read = { subscriptionGroupId: "g", externalIds: ["a"] };
  const calls: RefusedCall[] = [
    [
      "setStatus onProgress",
      (braze) => braze.setStatus(input, { onProgress: 5 } as never),
      /^setStatus: option "onProgress" must be a function, got number 5$/,
    ],
    [
      "setStatus signal",
      (braze) => braze.setStatus(input, { signal: {} } as never),
      /^setStatus: option "signal" must be an AbortSignal, got an object$/,
    ],
    [
      "setStatus stopSignal",
      (braze) => braze.setStatus(input, { stopSignal: "stop" } as never),
      /^setStatus: option "stopSignal" must be an AbortSignal, got "stop"$/,
    ],
    [
      "setStatus alreadySucceeded",
      (braze) => braze.setStatus(input, { alreadySucceeded: new Set(["a"]) } as never),
      /^setStatus: option "alreadySucceeded" must be a function, got an object$/,
    ],
    [
      "setStatus deduplicate",
      (braze) => braze.setStatus(input, { deduplicate: "no" } as never),
      /^setStatus: option "deduplicate" must be a boolean, got "no"$/,
    ],
    [
      "setStatus preflight",
      (braze) => braze.setStatus(input, { preflight: "yes" } as never),
      /^setStatus: option "preflight" must be a boolean or the check runtime.preflight\(\) resolved with, got "yes"$/,
    ],
    [
      "getStatus onProgress",
      (braze) => braze.getStatus(read, { onProgress: true } as never),
      /^getStatus: option "onProgress" must be a function, got boolean true$/,
    ],
    [
      "send signal",
      (braze) => braze.send(body, { signal: { aborted: false } } as never),
      /^send: option "signal" must be an AbortSignal, got an object$/,
    ],
    [
      "listUserGroups signal",
      async (braze) => braze.listUserGroups({ external_id: ["a"] }, { signal: 1 } as never),
      /^listUserGroups: option "signal" must be an AbortSignal, got number 1$/,
    ],
  ];
  it.each(calls)("%s: a TypeError naming it, nothing sent", async (_name, call, want) => {
    await expectRefusedUnsent(call, want);
  });
});

describe("the preflight read of a call runs on that call's timeoutMs and retry", () => {
  const unknownState = { status: { a: "Unknown" }, message: "success" };
  /** Answers after `ms`, as a slow network does. */
  const late =
    (ms: number, handler: ReturnType<typeof json>): ReturnType<typeof json> =>
    (req, res) => {
      setTimeout(() => handler(req, res), ms);
    };

  it("timeoutMs: a read slower than the runtime's timeout but within the call's passes", async () => {
    // It ran on the runtime's 100 ms: the check gave up ("unchecked") and the job went on
    // with key, instance and group unchecked.
    server = await startScriptedServer([
      late(300, json(200, unknownState)),
      json(201, { message: "success" }),
    ]);
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      retry: { maxAttempts: 1 },
      timeoutMs: 100,
    });
    const checks: unknown[] = [];
    const result = await braze.setStatus(input, {
      timeoutMs: 5_000,
      onPreflight: (check) => checks.push(check),
    });
    expect(checks).toEqual([{ outcome: "passed" }]);
    expect(result.succeeded).toBe(2);
    await braze.close();
  });

  it("retry: a read refused once, then answered, passes when the call allows a retry", async () => {
    server = await startScriptedServer([
      json(503, { message: "busy" }),
      json(200, unknownState),
      json(201, { message: "success" }),
    ]);
    const braze = runtime(server.url);
    const checks: unknown[] = [];
    const result = await braze.setStatus(input, {
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      onPreflight: (check) => checks.push(check),
    });
    expect(checks).toEqual([{ outcome: "passed" }]);
    expect(server.seen.map((request) => request.method)).toEqual(["GET", "GET", "POST"]);
    expect(result.succeeded).toBe(2);
    await braze.close();
  });
});

describe("send returns the response headers", () => {
  it("rate-limit headers and the request id come back with the status and body", async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 60);
    server = await startScriptedServer([
      json(
        201,
        { message: "success" },
        {
          "X-RateLimit-Limit": "5000",
          "X-RateLimit-Remaining": "4999",
          "X-RateLimit-Reset": reset,
          "X-Request-Id": "req-42",
        },
      ),
    ]);
    const braze = runtime(server.url);
    const result = await braze.send(body);
    expect(result.headers).toMatchObject({
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": reset,
      "x-request-id": "req-42",
    });
    expect(result.requestId).toBe("req-42");
    await braze.close();
  });
});

describe("setStatus and getStatus", () => {
  it("setStatus takes retry per call: its identifiers succeed where the runtime's policy fails them", async () => {
    server = await startScriptedServer([
      json(500, { message: "a" }),
      json(201, { message: "success" }),
      json(500, { message: "b" }),
    ]);
    const braze = runtime(server.url);
    // No preflight read: the scripted answers are for the writes.
    const retried = await braze.setStatus(input, {
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      preflight: false,
    });
    expect({ succeeded: retried.succeeded, retries: retried.retries }).toEqual({
      succeeded: 2,
      retries: 1,
    });
    const plain = await braze.setStatus(input, { preflight: false });
    expect(plain.failed).toBe(2);
    await braze.close();
  });

  it("setStatus takes timeoutMs per call", async () => {
    server = await startScriptedServer([hang]);
    const braze = runtime(server.url);
    const started = Date.now();
    const result = await braze.setStatus(input, { timeoutMs: 100, preflight: false });
    expect(result.failed).toBe(2);
    expect(result.outcomes?.[0]).toMatchObject({ outcome: "failed", error: { code: "timeout" } });
    expect(Date.now() - started).toBeLessThan(5_000);
    await braze.close();
  });

  it("getStatus takes retry per call: its identifiers are read where the runtime's policy fails them", async () => {
    const states = { status: { a: "Subscribed" }, message: "success" };
    server = await startScriptedServer([
      json(500, { message: "a" }),
      json(200, states),
      json(500, { message: "b" }),
    ]);
    const braze = runtime(server.url);
    const read = { subscriptionGroupId: "g", externalIds: ["a"] };
    const retried = await braze.getStatus(read, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    expect(retried.outcomes).toEqual([
      { outcome: "subscribed", type: "external_id", id: "a", index: 0 },
    ]);
    const plain = await braze.getStatus(read);
    expect(plain.outcomes?.[0]).toMatchObject({ outcome: "failed", error: { status: 500 } });
    expect(server.seen).toHaveLength(3);
    await braze.close();
  });

  it("getStatus takes timeoutMs per call", async () => {
    server = await startScriptedServer([hang]);
    const braze = runtime(server.url);
    const started = Date.now();
    const result = await braze.getStatus(
      { subscriptionGroupId: "g", externalIds: ["a"] },
      { timeoutMs: 100 },
    );
    expect(result.outcomes?.[0]).toMatchObject({ outcome: "failed", error: { code: "timeout" } });
    expect(Date.now() - started).toBeLessThan(5_000);
    await braze.close();
  });
});
