import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Main = typeof import("../src/index.js");

// The built package, both of its builds (turbo builds it before the test task): an ES module
// app that uses a CommonJS test helper holds the two at once, each with its own classes.
const esm = (await import(new URL("../dist/index.js", import.meta.url).href)) as Main;
const cjs = createRequire(import.meta.url)("../dist/index.cjs") as Main;

const listenFailure = { cause: new Error("EADDRINUSE") };

describe("errors across the ES module and CommonJS builds", () => {
  it("loads two copies of every class (else the other checks would prove nothing)", () => {
    expect(cjs.BrazeFakeError).not.toBe(esm.BrazeFakeError);
    expect(cjs.CliUsageError).not.toBe(esm.CliUsageError);
  });

  it("a CommonJS error is instanceof the ES module classes, and back: base and subclasses", () => {
    for (const [one, other] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      const usage = new one.CliUsageError("--port needs a number");
      expect(usage instanceof other.CliUsageError).toBe(true);
      expect(usage instanceof other.BrazeFakeError).toBe(true);
      expect(usage instanceof Error).toBe(true);
      const listen = new one.FakeListenError("127.0.0.1:1", listenFailure);
      expect(listen instanceof other.FakeListenError).toBe(true);
      expect(listen instanceof other.BrazeFakeError).toBe(true);
      expect(new one.BrazeFakeError("base") instanceof other.BrazeFakeError).toBe(true);
    }
  });

  it("a base class is not instanceof a subclass, nor a sibling; plain errors are no instance", () => {
    for (const [one, other] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      expect(new one.BrazeFakeError("base") instanceof other.CliUsageError).toBe(false);
      expect(new one.FakeListenError("h:1", listenFailure) instanceof other.CliUsageError).toBe(
        false,
      );
      expect(new one.CliUsageError("usage") instanceof other.FakeListenError).toBe(false);
    }
    for (const build of [cjs, esm]) {
      for (const value of [
        new Error("plain"),
        Object.assign(new Error("look-alike"), { name: "CliUsageError" }),
        null,
        "CliUsageError",
      ]) {
        expect(value instanceof build.BrazeFakeError).toBe(false);
        expect(value instanceof build.CliUsageError).toBe(false);
      }
    }
  });

  it("a taken port: the CommonJS fake's rejection is caught as the ES module's FakeListenError", async () => {
    const first = await esm.startBrazeFake();
    try {
      const port = Number(new URL(first.url).port);
      const error = await cjs.startBrazeFake({ port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "FakeListenError" });
      expect(error instanceof esm.FakeListenError).toBe(true);
      expect(error instanceof esm.BrazeFakeError).toBe(true);
      expect(error instanceof esm.CliUsageError).toBe(false);
    } finally {
      await first.close();
    }
  });
});
