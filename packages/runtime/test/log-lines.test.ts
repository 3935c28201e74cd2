import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type Logger, type RuntimeOptions } from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

// The lines the README promises at each level: `info` for a rate-limit pause, `warn` once per
// stopped job and when the preflight read stops a job or cannot check.

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recorder(): { logger: Logger; lines: Array<[string, string, unknown]> } {
  const lines: Array<[string, string, unknown]> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push([level, message, fields]);
  return {
    lines,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  };
}

async function runtimeFor(
  script: Parameters<typeof startScriptedServer>[0],
  options: Partial<RuntimeOptions> = {},
) {
  server = await startScriptedServer(script);
  const { logger, lines } = recorder();
  const braze = createBrazeRuntime({
    apiKey: "log-lines-key-2b3c4d",
    baseUrl: server.url,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    logger,
    logLevel: "info",
    ...options,
  });
  return { braze, lines };
}

const input = {
  subscriptionGroupId: "g",
  state: "subscribed" as const,
  externalIds: Array.from({ length: 200 }, (_, i) => `u${i}`),
};

describe("log lines", () => {
  it("info: a 429 pauses the bucket, with the status and until when", async () => {
    // The next whole second after the next one: the pause is waited out (at most 2 s).
    const resetAt = Math.ceil(Date.now() / 1000) + 1;
    const { braze, lines } = await runtimeFor([
      json(429, {}, { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(resetAt) }),
      accepted(),
    ]);
    await braze.send({
      subscription_group_id: "g",
      subscription_state: "subscribed",
      email: "a@b.co",
    });
    expect(lines.filter(([level]) => level === "info")).toEqual([
      [
        "info",
        "rate limited by Braze; pausing the bucket",
        { status: 429, untilEpochMs: resetAt * 1000, remaining: 0 },
      ],
    ]);
  });

  it("warn: once when a job stops on a repeated refusal, naming its group, rule and refusal", async () => {
    const { braze, lines } = await runtimeFor([json(400, { message: "no such group" })]);
    const result = await braze.setStatus(input, { preflight: false });
    expect(result.stopped?.reason).toBe("systematic_failure");
    expect(lines.filter(([level]) => level === "warn")).toEqual([
      [
        "warn",
        "stopped a job: every request gets the same refusal",
        { subscriptionGroupId: "g", rule: "first_requests", status: 400, message: "no such group" },
      ],
    ]);
  });

  it("warn: when the preflight read stops a job, and when it cannot check", async () => {
    const refused = await runtimeFor([json(400, { message: "no such group" })]);
    await refused.braze.setStatus(input);
    expect(refused.lines.filter(([level]) => level === "warn")).toEqual([
      [
        "warn",
        "preflight read refused: the job stops before its first write",
        expect.objectContaining({ subscriptionGroupId: "g", status: 400 }),
      ],
    ]);
    await server?.close();

    // The read fails (503, no retry left); the writes then go through.
    const unchecked = await runtimeFor([json(503, { message: "busy" }), accepted()], {
      retry: { maxAttempts: 1 },
    });
    const result = await unchecked.braze.setStatus(input);
    expect(result.succeeded).toBe(input.externalIds.length);
    expect(unchecked.lines.filter(([level]) => level === "warn")).toEqual([
      [
        "warn",
        "preflight read could not check key, instance and group; going on",
        expect.objectContaining({ subscriptionGroupId: "g" }),
      ],
    ]);
  });

  it("warn: a preflight for reads that is refused says so, not that a job stops (its caller decides)", async () => {
    const { braze, lines } = await runtimeFor([json(400, { message: "no such group" })]);
    const check = await braze.preflight(
      { subscriptionGroupId: "g", type: "external_id", candidates: ["u1"] },
      { purpose: "reads" },
    );
    expect(check).toMatchObject({ outcome: "stopped", error: { status: 400 } });
    expect(lines.filter(([level]) => level === "warn")).toEqual([
      [
        "warn",
        "preflight read refused",
        expect.objectContaining({ subscriptionGroupId: "g", status: 400 }),
      ],
    ]);
  });
});
