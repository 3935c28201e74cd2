import { writeFile } from "node:fs/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import { beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

describe("validate <body.json|->", () => {
  const temp = useTempDir();
  const valid = {
    subscription_group_id: "g",
    subscription_state: "unsubscribed",
    email: ["a@example.com"],
  };
  const bothEmailAndPhone = { ...valid, phone: ["+33612345678"] };

  beforeAll(async () => {
    await writeFile(temp.path("valid.json"), JSON.stringify(valid));
    await writeFile(temp.path("invalid.json"), JSON.stringify(bothEmailAndPhone));
    await writeFile(temp.path("not-json.json"), "{ nope");
  });

  it("exits 0 for a valid body", async () => {
    const result = await runBin(["validate", temp.path("valid.json")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/);
  });

  it("exits 3 and prints the issues for an invalid body, as JSON with --json", async () => {
    const human = await runBin(["validate", temp.path("invalid.json")]);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/problem/);
    const json = await runBin(["validate", temp.path("invalid.json"), "--json"]);
    expect(json.code).toBe(3);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.valid).toBe(false);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]).toEqual({
      path: expect.any(String),
      code: expect.any(String),
      message: expect.any(String),
    });
    expect(JSON.stringify(parsed.errors)).toMatch(/email|phone/i);
  });

  it("reads stdin with -, and treats text that is not JSON as an invalid body", async () => {
    const ok = await runBin(["validate", "-", "--json"], { stdin: JSON.stringify(valid) });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errors: [] });
    const notJson = await runBin(["validate", temp.path("not-json.json"), "--json"]);
    expect(notJson.code).toBe(3);
    expect(JSON.parse(notJson.stdout).errors[0].code).toBe("invalid_json");
  });

  it("accepts a body with a UTF-8 byte-order mark, from a file and from stdin (as set does)", async () => {
    const withBom = `\uFEFF${JSON.stringify(valid)}`;
    await writeFile(temp.path("bom.json"), withBom);
    const file = await runBin(["validate", temp.path("bom.json"), "--json"]);
    expect(file.stderr).toBe("");
    expect(JSON.parse(file.stdout)).toEqual({ valid: true, errors: [] });
    expect(file.code).toBe(0);
    const stdin = await runBin(["validate", "-", "--json"], { stdin: withBom });
    expect(JSON.parse(stdin.stdout)).toEqual({ valid: true, errors: [] });
    expect(stdin.code).toBe(0);
  });

  it("exits 2 with one line when the file cannot be read", async () => {
    const result = await runBin(["validate", temp.path("missing.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot read .*missing\.json: no such file or directory/);
  });

  it("reads a body no further than the spec's x-max-body-bytes: /dev/zero is invalid at once", async () => {
    // It used to read /dev/zero until V8 gave up: 4 s, 618 MB, exit 2 "Invalid string length".
    const limit =
      operationMetadata.setSubscriptionStatus.requestBody.extensions["x-max-body-bytes"];
    const started = Date.now();
    const zero = await runBin(["validate", "/dev/zero", "--json"]);
    expect(zero.stderr).toBe("");
    expect(JSON.parse(zero.stdout)).toEqual({
      valid: false,
      errors: [
        { path: "", code: "max_body_bytes", message: expect.stringContaining(String(limit)) },
      ],
    });
    expect(zero.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(3_000);
    // One byte over, in a file and on stdin: whitespace a JSON parser would accept.
    const over = `${JSON.stringify(valid)}${" ".repeat(limit)}`;
    await writeFile(temp.path("over.json"), over);
    const file = await runBin(["validate", temp.path("over.json"), "--json"]);
    expect(JSON.parse(file.stdout).errors[0].code).toBe("max_body_bytes");
    expect(file.code).toBe(3);
    const stdin = await runBin(["validate", "-", "--json"], { stdin: over });
    expect(JSON.parse(stdin.stdout).errors[0].code).toBe("max_body_bytes");
  });

  it("counts the one-group body's identifiers over all its lists, as the fake and Braze do", async () => {
    // It checked each list's maxItems only: 30 external ids with 30 emails were "valid", exit
    // 0, and the fake answered 400 "The max number of ids per request was exceeded".
    const cap = operationMetadata.setSubscriptionStatus.requestBody.extensions["x-max-identifiers"];
    const half = Math.floor(cap / 2) + 1;
    const body = {
      ...valid,
      external_id: Array.from({ length: half }, (_, i) => `u${i}`),
      email: Array.from({ length: half }, (_, i) => `a${i}@example.com`),
    };
    const json = await runBin(["validate", "-", "--json"], { stdin: JSON.stringify(body) });
    expect(JSON.parse(json.stdout).errors).toEqual([
      {
        path: "",
        code: "max_identifiers",
        message: `the request holds ${2 * half} identifiers over all lists, more than ${cap} (the spec's x-max-identifiers of /subscription/status/set)`,
      },
    ]);
    expect(json.code).toBe(3);
    const atCap = { ...body, email: body.email.slice(0, cap - half) };
    const ok = await runBin(["validate", "-", "--json"], { stdin: JSON.stringify(atCap) });
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errors: [] });
    expect(ok.code).toBe(0);
  });

  it("validates the multi-group body (subscription_groups) the CLI sends, with its request-wide rules", async () => {
    // It used to check every body as the one-group body: a v2 body was "4 problems", exit 3.
    const rules = operationMetadata.setSubscriptionStatusV2.requestBody.extensions;
    const group = (id: string, field: string, values: string[]) => ({
      subscription_group_id: id,
      subscription_state: "unsubscribed",
      [field]: values,
    });
    const check = (body: unknown) =>
      runBin(["validate", "-", "--json"], { stdin: JSON.stringify(body) });
    const ok = await check({
      subscription_groups: [
        group("g", "emails", ["a@example.com"]),
        group("h", "external_ids", ["u1"]),
      ],
    });
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errors: [] });
    expect(ok.code).toBe(0);
    const half = Math.floor(rules["x-max-identifiers"] / 2) + 1;
    const ids = Array.from({ length: half }, (_, i) => `u${i}`);
    const tooMany = await check({
      subscription_groups: [group("g", "external_ids", ids), group("h", "external_ids", ids)],
    });
    expect(JSON.parse(tooMany.stdout).errors).toEqual([
      expect.objectContaining({ path: "/subscription_groups", code: "max_identifiers" }),
    ]);
    expect(tooMany.code).toBe(3);
    const mixed = await check({
      subscription_groups: [
        group("g", "emails", ["a@example.com"]),
        group("h", "phones", ["+15551234567"]),
      ],
    });
    expect(JSON.parse(mixed.stdout).errors).toEqual([
      expect.objectContaining({ path: "/subscription_groups", code: "conflict" }),
    ]);
    expect(mixed.code).toBe(3);
  });
});
