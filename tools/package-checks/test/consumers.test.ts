import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { operationMetadata } from "@braze-subscriptions/client";
import { describe, expect, inject, it } from "vitest";
import { installConsumer, lastJsonLine } from "../src/consumer-project.js";
import { shipsJavaScript } from "../src/recipe-checks.js";
import { expectedDiagnostics, parseTscOutput } from "../src/tsc-diagnostics.js";
import { repoRoot } from "./support/repo-root.js";

const packed = inject("packed");
const withJavaScript = packed.filter((pkg) => shipsJavaScript(pkg.manifest)).map((pkg) => pkg.name);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const example = (name: string) => join(repoRoot, "examples", name);
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;

// The examples send cap + 3 valid identifiers and one invalid one.
const bulkUpdate = {
  succeeded: cap + 3,
  invalid: 1,
  failed: 0,
  requests: Math.ceil((cap + 3) / cap),
};

describe.concurrent("the packed packages, installed by npm into", () => {
  it("an ES module project: imports every package and sends a bulk update to the fake", async () => {
    const project = await installConsumer(example("esm"), packed);
    try {
      for (const name of withJavaScript) {
        const loaded = await project.run("node", [
          "--input-type=module",
          "-e",
          `await import(${JSON.stringify(name)})`,
        ]);
        expect(loaded.stderr, name).toBe("");
      }
      const started = await project.run("npm", ["start", "--silent"]);
      expect(started.stderr).toBe("");
      expect(lastJsonLine(started.stdout)).toEqual({ consumer: "esm", ...bulkUpdate });
    } finally {
      await project.remove();
    }
  });

  it("a CommonJS project: requires every package and sends a bulk update to the fake", async () => {
    const project = await installConsumer(example("commonjs"), packed);
    try {
      for (const name of withJavaScript) {
        const loaded = await project.run("node", ["-e", `require(${JSON.stringify(name)})`]);
        expect(loaded.stderr, name).toBe("");
      }
      const started = await project.run("npm", ["start", "--silent"]);
      expect(started.stderr).toBe("");
      expect(lastJsonLine(started.stdout)).toEqual({ consumer: "commonjs", ...bulkUpdate });
    } finally {
      await project.remove();
    }
  });

  it("a TypeScript project: type-checks under node16 and bundler, and rejects the deliberate mistakes", async () => {
    const project = await installConsumer(example("typescript"), packed, {
      "@types/node": "20.19.43",
    });
    try {
      const typecheck = (config: string) =>
        project.run(process.execPath, [tsc, "-p", config, "--pretty", "false"]);
      const [node16, bundler, mistakes] = await Promise.all(
        ["tsconfig.node16.json", "tsconfig.bundler.json", "tsconfig.mistakes.json"].map(typecheck),
      );
      expect([node16?.stdout.trim(), node16?.code]).toEqual(["", 0]);
      expect([bundler?.stdout.trim(), bundler?.code]).toEqual(["", 0]);
      const source = await readFile(join(project.dir, "src/mistakes.ts"), "utf8");
      const expected = expectedDiagnostics("src/mistakes.ts", source);
      expect(expected.length).toBeGreaterThan(5);
      expect(parseTscOutput(mistakes?.stdout ?? "")).toEqual(expected);
    } finally {
      await project.remove();
    }
  });
});
