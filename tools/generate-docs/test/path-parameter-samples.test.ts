import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addCodeSamples, type CodeSample, clientSample, curlSample } from "../src/index.js";
import { evaluateLiteral, loadSpec } from "./support/spec-files.js";

const specPath = join(import.meta.dirname, "fixtures", "path-parameters-spec.json");

async function samplesOf(path: string): Promise<CodeSample[]> {
  const doc = await loadSpec(specPath);
  addCodeSamples(doc, [curlSample, clientSample]);
  const operation = doc.paths?.[path]?.post as { "x-codeSamples"?: CodeSample[] } | undefined;
  return operation?.["x-codeSamples"] ?? [];
}

// A path with a parameter (`/groups/{group_id}/rename`): the samples must call the URL with
// the example's value in it, never the template itself (curl would even read `{group_id}` as
// its own URL globbing and send `/groups/group_id/rename`).
describe("code samples of an operation with path parameters", () => {
  it("curl: puts the path parameter's example, percent-encoded, and the query in the URL", async () => {
    const [curl] = await samplesOf("/groups/{group_id}/rename");
    expect(curl?.source.split("\n")[0]).toBe(
      "curl -X POST 'https://api.example.test/groups/group%201%2F%C3%BC/rename?dry_run=true' \\",
    );
  });

  it("client: passes the path parameter and the query as openapi-fetch's params, beside the body", async () => {
    const [, client] = await samplesOf("/groups/{group_id}/rename");
    const source = client?.source ?? "";
    const call = 'braze.POST("/groups/{group_id}/rename", ';
    expect(source).toContain(call);
    const argument = source.slice(source.indexOf(call) + call.length, source.lastIndexOf(");"));
    expect(evaluateLiteral(argument)).toEqual({
      params: { path: { group_id: "group 1/ü" }, query: { dry_run: true } },
      body: { name: "News" },
    });
  });

  it("writes no sample when a path parameter has no example to fill it with", async () => {
    expect(await samplesOf("/groups/{group_id}/archive")).toEqual([]);
  });
});
