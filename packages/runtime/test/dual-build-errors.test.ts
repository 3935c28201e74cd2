import { createRequire } from "node:module";
import type { SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { describe, expect, it } from "vitest";

type Main = typeof import("../src/index.js");
type Redis = typeof import("../src/redis/index.js");

// The built package, both of its builds (turbo builds it before the test task): an ES module
// app that uses a CommonJS library holds the two at once, each with its own classes.
const cjsRequire = createRequire(import.meta.url);
const esm = {
  ...((await import(new URL("../dist/index.js", import.meta.url).href)) as Main),
  ...((await import(new URL("../dist/redis/index.js", import.meta.url).href)) as Redis),
};
const cjs = {
  ...(cjsRequire("../dist/index.cjs") as Main),
  ...(cjsRequire("../dist/redis/index.cjs") as Redis),
};

type ErrorClass = new (...args: never[]) => Error;

/** Every exported error class of a build, by name. */
function errorClasses(build: object): Map<string, ErrorClass> {
  return new Map(
    Object.entries(build).filter(
      (entry): entry is [string, ErrorClass] =>
        typeof entry[1] === "function" && entry[1].prototype instanceof Error,
    ),
  );
}

// Constructor arguments of the classes that need more than a message.
const details = { status: 401, headers: {}, body: { message: "Invalid API key" } };
const argsOf: Record<string, unknown[]> = {
  BrazeApiError: [details],
  BrazeBadRequestError: [details],
  BrazeAuthError: [details],
  BrazeNotFoundError: [details],
  BrazeRateLimitError: [details],
  BrazeServerError: [details],
  BrazeTimeoutError: [100],
  BrazeValidationError: ["bad body", []],
  BrazeUnexpectedResponseError: ["redirect", { status: 302, redirect: true }],
  RedisLimiterUnavailableError: ["no answer", { endpoint: "redis://h:6379/0", timeoutMs: 1 }],
  RedisLimiterRefusedError: [
    "WRONGTYPE",
    { endpoint: "redis://h:6379/0", timeoutMs: 1, reason: "wrong_type", key: "p:ns:bucket" },
  ],
};
const make = (ErrorClass: ErrorClass, name: string): Error =>
  new (ErrorClass as new (...args: unknown[]) => Error)(...(argsOf[name] ?? ["message"]));

describe("errors across the ES module and CommonJS builds", () => {
  it("loads two copies of every class (else the other checks would prove nothing)", () => {
    expect(cjs.BrazeError).not.toBe(esm.BrazeError);
    expect(cjs.BrazeAuthError).not.toBe(esm.BrazeAuthError);
  });

  it("a CommonJS error is instanceof the ES module classes, and back: base and subclass", () => {
    const fromCjs = new cjs.BrazeAuthError(details);
    expect(fromCjs instanceof esm.BrazeAuthError).toBe(true);
    expect(fromCjs instanceof esm.BrazeApiError).toBe(true);
    expect(fromCjs instanceof esm.BrazeError).toBe(true);
    expect(fromCjs instanceof Error).toBe(true);

    const fromEsm = new esm.BrazeAuthError(details);
    expect(fromEsm instanceof cjs.BrazeAuthError).toBe(true);
    expect(fromEsm instanceof cjs.BrazeApiError).toBe(true);
    expect(fromEsm instanceof cjs.BrazeError).toBe(true);

    expect(new cjs.BrazeError("base") instanceof esm.BrazeError).toBe(true);
    expect(new esm.BrazeError("base") instanceof cjs.BrazeError).toBe(true);
  });

  it("a base class is not instanceof a subclass, nor a sibling; plain errors are no instance", () => {
    for (const [one, other] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      expect(new one.BrazeError("base") instanceof other.BrazeAuthError).toBe(false);
      expect(new one.BrazeApiError(details) instanceof other.BrazeAuthError).toBe(false);
      expect(new one.BrazeServerError(details) instanceof other.BrazeAuthError).toBe(false);
      expect(new one.BrazeTimeoutError(100) instanceof other.BrazeApiError).toBe(false);
    }
    for (const build of [cjs, esm]) {
      for (const value of [
        new Error("plain"),
        new TypeError("plain"),
        Object.assign(new Error("look-alike"), { name: "BrazeAuthError", status: 401 }),
        { name: "BrazeError", message: "not an error" },
        null,
        undefined,
        "BrazeError",
      ]) {
        expect(value instanceof build.BrazeError).toBe(false);
        expect(value instanceof build.BrazeAuthError).toBe(false);
      }
    }
  });

  it("every exported error class answers across builds as it does within one", () => {
    const esmClasses = errorClasses(esm);
    const cjsClasses = errorClasses(cjs);
    expect([...esmClasses.keys()].sort()).toEqual([...cjsClasses.keys()].sort());
    expect(esmClasses.size).toBeGreaterThanOrEqual(15);
    for (const [made, checked] of [
      [cjsClasses, esmClasses],
      [esmClasses, cjsClasses],
    ] as const) {
      for (const [name, ErrorClass] of made) {
        const error = make(ErrorClass, name);
        for (const [otherName, Other] of checked) {
          const sameBuild = made.get(otherName) as ErrorClass;
          expect(error instanceof Other, `${name} instanceof ${otherName}`).toBe(
            error instanceof sameBuild,
          );
        }
      }
    }
  });

  it("an app's own subclass keeps the ordinary check, and is an instance of the other build's", () => {
    class AppError extends esm.BrazeAuthError {}
    const own = new AppError(details);
    expect(own instanceof AppError).toBe(true);
    expect(own instanceof cjs.BrazeAuthError).toBe(true);
    expect(new cjs.BrazeAuthError(details) instanceof AppError).toBe(false);
    expect(new esm.BrazeAuthError(details) instanceof AppError).toBe(false);
  });

  it("a wrong key: the CommonJS runtime's rejection is caught as the ES module's BrazeAuthError", async () => {
    const fake = await startBrazeFake({ apiKeys: ["the-key"], rateLimit: false });
    try {
      const braze = cjs.createBrazeRuntime({ apiKey: "not-the-key", baseUrl: fake.url });
      const body: SetSubscriptionStatusBody = {
        subscription_group_id: "g1",
        subscription_state: "unsubscribed",
        external_id: ["a"],
      };
      const error = await braze.send(body).catch((e: unknown) => e);
      await braze.close();
      expect(error).toMatchObject({ name: "BrazeAuthError", status: 401 });
      expect(error instanceof esm.BrazeAuthError).toBe(true);
      expect(error instanceof esm.BrazeError).toBe(true);
      expect(error instanceof esm.BrazeServerError).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
