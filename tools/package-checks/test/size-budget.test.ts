import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { run } from "../src/run-process.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface SizeReport {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

it("keeps client + runtime, bundled for the browser, within the size budget of .size-limit.json", async () => {
  // size-limit exits non-zero over budget; its JSON report says by how much either way.
  const { stdout, stderr } = await run("node_modules/.bin/size-limit", ["--json"], {
    cwd: packageDir,
  });
  const json = JSON.parse(stdout.slice(stdout.search(/^[[{]/m))) as
    | SizeReport[]
    | { error: string };
  // A bundle that does not build for the browser (a Node built-in import, say) is an error
  // object; esbuild's message on stderr names the import and the file.
  expect(Array.isArray(json) ? "" : `${json.error.split("\n")[0]}\n${stderr.trim()}`).toBe("");
  const reports = json as SizeReport[];
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) {
    console.log(`${report.name}: ${report.size} B of ${report.sizeLimit} B`);
    expect({ name: report.name, passed: report.passed }).toEqual({
      name: report.name,
      passed: true,
    });
    expect(report.size).toBeLessThanOrEqual(report.sizeLimit);
  }
});
