import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

type Main = typeof import("../src/index.js");

// The built package, both of its builds (turbo builds it before the test task): an ES module
// app that uses a CommonJS library serving the docs holds the two at once, each with its own
// classes.
const esm = (await import(new URL("../dist/index.js", import.meta.url).href)) as Main;
const cjs = createRequire(import.meta.url)("../dist/index.cjs") as Main;

describe("errors across the ES module and CommonJS builds", () => {
  it("loads two copies of every class (else the other checks would prove nothing)", () => {
    expect(cjs.DocsError).not.toBe(esm.DocsError);
    expect(cjs.DocsNotBuiltError).not.toBe(esm.DocsNotBuiltError);
  });

  it("a CommonJS error is instanceof the ES module classes, and back: base and subclasses", () => {
    for (const [one, other] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      const notBuilt = new one.DocsNotBuiltError("/nowhere");
      expect(notBuilt instanceof other.DocsNotBuiltError).toBe(true);
      expect(notBuilt instanceof other.DocsError).toBe(true);
      expect(notBuilt instanceof Error).toBe(true);
      expect(new one.DocsServerError("port taken") instanceof other.DocsServerError).toBe(true);
      expect(new one.DocsError("base") instanceof other.DocsError).toBe(true);
    }
  });

  it("a base class is not instanceof a subclass, nor a sibling; plain errors are no instance", () => {
    for (const [one, other] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      expect(new one.DocsError("base") instanceof other.DocsNotBuiltError).toBe(false);
      expect(new one.DocsServerError("port taken") instanceof other.DocsNotBuiltError).toBe(false);
      expect(new one.DocsNotBuiltError("/nowhere") instanceof other.DocsServerError).toBe(false);
    }
    for (const build of [cjs, esm]) {
      for (const value of [
        new Error("plain"),
        Object.assign(new Error("look-alike"), { name: "DocsNotBuiltError" }),
        null,
        "DocsNotBuiltError",
      ]) {
        expect(value instanceof build.DocsError).toBe(false);
        expect(value instanceof build.DocsNotBuiltError).toBe(false);
      }
    }
  });

  it("a folder without docs: the CommonJS server's rejection is caught as the ES module's DocsNotBuiltError", async () => {
    const empty = await mkdtemp(join(tmpdir(), "docs-dual-"));
    try {
      const error = await cjs.serveDocs({ root: empty }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "DocsNotBuiltError", root: empty });
      expect(error instanceof esm.DocsNotBuiltError).toBe(true);
      expect(error instanceof esm.DocsError).toBe(true);
      expect(error instanceof esm.DocsServerError).toBe(false);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
