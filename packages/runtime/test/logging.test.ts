import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type Logger } from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const KEY = "log-test-key-5f2a9c";
const body = {
  subscription_group_id: "g",
  subscription_state: "subscribed" as const,
  external_id: "a",
};

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs the built runtime in a fresh Node with `env`: what an app does with BRAZE_LOG set. */
async function childRun(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  // The hook throws with the key in its message: the console logger must scrub it.
  const script = `
    import { createBrazeRuntime } from "@braze-subscriptions/runtime";
    const braze = createBrazeRuntime({
      retry: { baseDelayMs: 1 },
      onRetry: () => { throw new Error("hook saw " + process.env.BRAZE_API_KEY); },
    });
    const result = await braze.send(${JSON.stringify(body)});
    await braze.close();
    console.log("sent", result.status);`;
  return run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

describe("BRAZE_LOG turns on the console logger, key scrubbed", () => {
  it("BRAZE_LOG=debug logs every response (operation, status, attempt, latency) and never the key", async () => {
    server = await startScriptedServer([json(503, { message: "busy" }), accepted()]);
    const { stdout, stderr } = await childRun({
      BRAZE_LOG: "debug",
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: server.url,
    });
    const output = stdout + stderr;
    expect(output).toMatch(
      /\[braze-subscriptions\] response \{[^}]*operation: 'setSubscriptionStatus',\s+status: 503,\s+attempt: 1,\s+latencyMs: \d+/,
    );
    expect(output).toMatch(/\[braze-subscriptions\] response \{[^}]*status: 201,\s+attempt: 2/);
    expect(stderr).toMatch(/\[braze-subscriptions\] retrying a Braze request/);
    expect(stderr).toMatch(
      /a telemetry hook threw; ignored \{ error: 'Error: hook saw \[redacted\]' \}/,
    );
    expect(output).not.toContain(KEY);
    expect(stdout).toMatch(/sent 201/);
    // The request used the key from BRAZE_API_KEY.
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("without BRAZE_LOG nothing is logged; BRAZE_LOG=warn keeps only warnings", async () => {
    const busyThenOk = [json(503, { message: "busy" }), accepted()];
    server = await startScriptedServer([...busyThenOk, ...busyThenOk]);
    const env = { BRAZE_API_KEY: KEY, BRAZE_REST_ENDPOINT: server.url };
    const silent = await childRun(env);
    expect(silent.stdout + silent.stderr).toBe("sent 201\n");
    const warned = await childRun({ ...env, BRAZE_LOG: "warn" });
    expect(warned.stdout).toBe("sent 201\n");
    expect(warned.stderr).toMatch(/retrying a Braze request/);
    expect(warned.stderr).not.toMatch(/response/);
  });

  it("a BRAZE_LOG that names no level is reported once and ignored", async () => {
    server = await startScriptedServer([accepted()]);
    const { stdout, stderr } = await childRun({
      BRAZE_LOG: "verbose",
      BRAZE_API_KEY: KEY,
      BRAZE_REST_ENDPOINT: server.url,
    });
    expect(stderr).toMatch(
      /BRAZE_LOG="verbose" is not one of debug, info, warn, error, off; ignored/,
    );
    expect(stdout).toBe("sent 201\n");
  });
});

describe("the logLevel option", () => {
  function recorder(): { logger: Logger; lines: string[] } {
    const lines: string[] = [];
    const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
    return {
      lines,
      logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    };
  }

  it("filters what reaches a given logger", async () => {
    server = await startScriptedServer([json(500, {}), accepted(), json(500, {}), accepted()]);
    const all = recorder();
    const warnings = recorder();
    for (const [rec, logLevel] of [
      [all, undefined],
      [warnings, "warn"],
    ] as const) {
      const braze = createBrazeRuntime({
        apiKey: KEY,
        baseUrl: server.url,
        retry: { baseDelayMs: 1 },
        logger: rec.logger,
        ...(logLevel === undefined ? {} : { logLevel }),
      });
      await braze.send(body);
      await braze.close();
    }
    expect(all.lines).toEqual([
      "debug response",
      "warn retrying a Braze request",
      "debug response",
    ]);
    expect(warnings.lines).toEqual(["warn retrying a Braze request"]);
  });

  it("refuses a level that does not exist", () => {
    expect(() =>
      createBrazeRuntime({ apiKey: KEY, baseUrl: "http://127.0.0.1:1", logLevel: "loud" as "off" }),
    ).toThrow(/option "logLevel" must be one of debug, info, warn, error, off, got "loud"/);
  });
});

describe("a logger that throws", () => {
  it("neither fails nor repeats a request Braze answered (a throwing logger is ignored)", async () => {
    server = await startScriptedServer([json(503, { message: "busy" }), accepted()]);
    const boom = () => {
      throw new Error("log transport down");
    };
    const braze = createBrazeRuntime({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
      logger: { debug: boom, info: boom, warn: boom, error: boom },
    });
    const result = await braze.send(body);
    expect(result).toMatchObject({ status: 201, attempts: 2 });
    // One 503, one success: the success was not retried because logging it threw.
    expect(server.seen).toHaveLength(2);
    const job = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ["a", "b"] },
      { preflight: false },
    );
    expect(job).toMatchObject({ succeeded: 2, failed: 0, requests: 1, retries: 0 });
    expect(server.seen).toHaveLength(3);
    await braze.close();
  });
});
