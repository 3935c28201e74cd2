import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeInterruptedError, createBrazeRuntime, type RuntimeOptions } from "../src/index.js";
import { accepted, startScriptedServer } from "./support/scripted-server.js";

// The README: the API key is never in an error, a log line, an outcome or a hook's payload,
// also when the server (a proxy, a gateway) quotes the request's Authorization header back.
const API_KEY = "hooks-key-do-not-leak-8d7c6b";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers every request with `status` and a message quoting its Authorization header. */
function echo(status: number) {
  return (req: { headers: Record<string, unknown> }, res: ServerResponse) => {
    const auth = String(req.headers.authorization);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: `no such group for ${auth}` }));
  };
}

/** Every hook and log level, each payload recorded as JSON. */
function recorder(): { seen: string[]; options: Partial<RuntimeOptions> } {
  const seen: string[] = [];
  const hook = (name: string) => (event: unknown) => {
    seen.push(`${name} ${JSON.stringify(event)}`);
  };
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    seen.push(`${level} ${message} ${JSON.stringify(fields)}`);
  };
  return {
    seen,
    options: {
      onRequest: hook("onRequest"),
      onResponse: hook("onResponse"),
      onRetry: hook("onRetry"),
      onRateLimited: hook("onRateLimited"),
      onSystematicFailure: hook("onSystematicFailure"),
      logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    },
  };
}

describe("the API key never reaches a hook", () => {
  it("a refusal quoting the key: outcomes, onSystematicFailure (bulk and per event), onPreflight and logs are scrubbed", async () => {
    server = await startScriptedServer([echo(400)]);
    const { seen, options } = recorder();
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: server.url,
      coalesceDelayMs: 1,
      ...options,
    });
    const input = {
      subscriptionGroupId: "g",
      state: "subscribed" as const,
      externalIds: Array.from({ length: 120 }, (_, i) => `u${i}`),
    };
    const withPreflight = await braze.setStatus(input, {
      onPreflight: (check) => seen.push(`onPreflight ${JSON.stringify(check)}`),
    });
    const withoutPreflight = await braze.setStatus(input, { preflight: false });
    const perEvent = [];
    for (const externalId of ["a", "b", "c"])
      perEvent.push(await braze.unsubscribe({ subscriptionGroupId: "g", externalId }));
    const read = await braze.getStatus({ subscriptionGroupId: "g", externalIds: ["r"] });
    await braze.close();

    // Each of them was reached, or the check below proves nothing.
    const kinds = seen.map((line) => line.split(" ")[0]);
    for (const kind of ["onPreflight", "onSystematicFailure", "onRequest", "onResponse", "warn"])
      expect(kinds).toContain(kind);
    expect(seen.filter((line) => line.startsWith("onSystematicFailure "))).toEqual([
      expect.stringContaining('"source":"bulk"'),
      expect.stringContaining('"source":"per_event"'),
    ]);
    expect(withPreflight.stopped?.reason).toBe("preflight");
    expect(withoutPreflight.stopped?.reason).toBe("systematic_failure");
    expect(perEvent.map((o) => o.outcome)).toEqual(["failed", "failed", "not_sent"]);
    expect(read.failed).toBe(1);

    const everything = [
      JSON.stringify(withPreflight),
      JSON.stringify(withoutPreflight),
      JSON.stringify(perEvent),
      JSON.stringify(read),
      ...seen,
    ].join("\n");
    expect(everything).toContain("no such group for Bearer [redacted]");
    expect(everything).not.toContain(API_KEY);
  });

  it("a fetch whose failures quote the key: onRetry's reason is scrubbed", async () => {
    server = await startScriptedServer([accepted()]);
    const { seen, options } = recorder();
    const leaky: typeof fetch = async (input, init) => {
      throw new TypeError(
        `fetch failed for ${new Request(input, init).headers.get("authorization")}`,
      );
    };
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: server.url,
      fetch: leaky,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      ...options,
    });
    await braze
      .send({ subscription_group_id: "g", subscription_state: "subscribed", external_id: "a" })
      .catch(() => {});
    const retries = seen.filter((line) => line.startsWith("onRetry "));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toContain("[redacted]");
    expect(seen.join("\n")).not.toContain(API_KEY);
  });

  it("a callback that throws the key: the BrazeInterruptedError's message, cause and JSON form are scrubbed", async () => {
    server = await startScriptedServer([accepted()]);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: server.url });
    const error = await braze
      .setStatus(
        { subscriptionGroupId: "g", state: "subscribed", externalIds: ["x"] },
        {
          preflight: false,
          onProgress: () => {
            throw new Error(`progress bar saw ${API_KEY}`);
          },
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeInterruptedError);
    const interrupted = error as BrazeInterruptedError;
    expect(interrupted.message).toContain("progress bar saw [redacted]");
    const everything = [
      interrupted.message,
      String(interrupted.stack),
      String((interrupted.cause as Error).message),
      String((interrupted.cause as Error).stack),
      JSON.stringify(interrupted),
      JSON.stringify(interrupted.result),
    ].join("\n");
    expect(everything).not.toContain(API_KEY);
  });
});
