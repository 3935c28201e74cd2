import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

describe("validate <body.json|->", () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const valid = {
    subscription_group_id: "g",
    subscription_state: "unsubscribed",
    email: ["a@example.com"],
  };
  const bothEmailAndPhone = { ...valid, phone: ["+33612345678"] };

  beforeAll(async () => {
    temp = await tempDir();
    await writeFile(join(temp.dir, "valid.json"), JSON.stringify(valid));
    await writeFile(join(temp.dir, "invalid.json"), JSON.stringify(bothEmailAndPhone));
    await writeFile(join(temp.dir, "not-json.json"), "{ nope");
  });
  afterAll(() => temp?.cleanup());

  it("exits 0 for a valid body", async () => {
    const result = await runBin(["validate", join(temp.dir, "valid.json")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/);
  });

  it("exits 3 and prints the issues for an invalid body, as JSON with --json", async () => {
    const human = await runBin(["validate", join(temp.dir, "invalid.json")]);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/problem/);
    const json = await runBin(["validate", join(temp.dir, "invalid.json"), "--json"]);
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
    const notJson = await runBin(["validate", join(temp.dir, "not-json.json"), "--json"]);
    expect(notJson.code).toBe(3);
    expect(JSON.parse(notJson.stdout).errors[0].code).toBe("invalid_json");
  });

  it("accepts a body with a UTF-8 byte-order mark, from a file and from stdin (as set does)", async () => {
    const withBom = `\uFEFF${JSON.stringify(valid)}`;
    await writeFile(join(temp.dir, "bom.json"), withBom);
    const file = await runBin(["validate", join(temp.dir, "bom.json"), "--json"]);
    expect(file.stderr).toBe("");
    expect(JSON.parse(file.stdout)).toEqual({ valid: true, errors: [] });
    expect(file.code).toBe(0);
    const stdin = await runBin(["validate", "-", "--json"], { stdin: withBom });
    expect(JSON.parse(stdin.stdout)).toEqual({ valid: true, errors: [] });
    expect(stdin.code).toBe(0);
  });

  it("exits 2 with one line when the file cannot be read", async () => {
    const result = await runBin(["validate", join(temp.dir, "missing.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot read .*missing\.json: no such file or directory/);
  });
});
