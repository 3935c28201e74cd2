import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const redocly = join(root, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

async function lint(file: string) {
  const { stdout, stderr } = await run(redocly, ["lint", file, "--format=json"], {
    cwd: root,
    env,
  });
  return { report: JSON.parse(stdout) as { totals: Record<string, number> }, stderr };
}

describe("the hand-written spec", () => {
  it("passes redocly's recommended rules with zero problems", async () => {
    const { report } = await lint("openapi.yaml");
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe("the bundled spec", () => {
  const bundled = join(root, "dist", "openapi.json");

  it("validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(await readFile(bundled, "utf8")));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("passes redocly lint as well", async () => {
    const { report } = await lint(bundled);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("names every server by its instance", async () => {
    const spec = JSON.parse(await readFile(bundled, "utf8"));
    const names = spec.servers.map((s: { "x-instance": string }) => s["x-instance"]);
    expect(new Set(names).size).toBe(spec.servers.length);
    for (const server of spec.servers) expect(server.url).toMatch(/^https:\/\//);
  });
});
