import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type GenerateValidatorsOptions,
  generateValidators,
  InvalidSpecError,
  renderValidators,
  UnsupportedSchemaError,
} from "../src/index.js";
import { fixturesDir, scratchDir } from "./support/generate-fixture.js";
import { oneOperationSpec } from "./support/one-operation-spec.js";

const run = promisify(execFile);

/** A one-operation spec whose body is the given schema. */
const specWith = (body: unknown, schemas: Record<string, unknown> = {}) =>
  oneOperationSpec({ content: { "application/json": { schema: body } } }, schemas);

type Row = [
  string,
  {
    given: string;
    want: { error: typeof UnsupportedSchemaError | typeof InvalidSpecError; message: RegExp };
  },
];

// The generator refuses what it cannot compile exactly, naming where and what, rather than
// emitting a validator that silently accepts too much.
const rows: Row[] = [
  ["not JSON", { given: "openapi: 3.1.0", want: { error: InvalidSpecError, message: /not JSON/ } }],
  [
    "OpenAPI 3.0",
    {
      given: JSON.stringify({ openapi: "3.0.3", paths: {} }),
      want: { error: InvalidSpecError, message: /not an OpenAPI 3.1/ },
    },
  ],
  [
    "an unsupported keyword",
    {
      given: specWith({ type: "array", uniqueItems: true }),
      want: {
        error: UnsupportedSchemaError,
        message:
          /#\/paths\/~1x\/post\/requestBody\/content\/application~1json\/schema: keyword "uniqueItems"/,
      },
    },
  ],
  [
    "a function-checked format",
    {
      given: specWith({ type: "string", format: "date-time" }),
      want: { error: UnsupportedSchemaError, message: /format "date-time" is not supported/ },
    },
  ],
  [
    "an invalid pattern",
    {
      given: specWith({ type: "string", pattern: "(" }),
      want: { error: UnsupportedSchemaError, message: /"pattern" is not a valid/ },
    },
  ],
  [
    "a remote $ref",
    {
      given: specWith({ $ref: "https://example.com/s.json" }),
      want: { error: InvalidSpecError, message: /only local references/ },
    },
  ],
  [
    "a remote $ref inside",
    {
      given: specWith({ items: { $ref: "other.json#/A" } }),
      want: { error: UnsupportedSchemaError, message: /only local \$refs/ },
    },
  ],
  [
    "a dangling $ref",
    {
      given: specWith({ $ref: "#/components/schemas/Missing" }),
      want: {
        error: InvalidSpecError,
        message: /unresolvable reference #\/components\/schemas\/Missing/,
      },
    },
  ],
  [
    "a circular $ref",
    {
      given: specWith(
        { $ref: "#/components/schemas/A" },
        { A: { $ref: "#/components/schemas/B" }, B: { $ref: "#/components/schemas/A" } },
      ),
      want: { error: InvalidSpecError, message: /circular \$ref/ },
    },
  ],
  [
    "a tuple",
    {
      given: specWith({ type: "array", items: [{ type: "string" }] }),
      want: { error: UnsupportedSchemaError, message: /tuples are not supported/ },
    },
  ],
  [
    "an enum of objects",
    {
      given: specWith({ enum: [{ a: 1 }] }),
      want: { error: UnsupportedSchemaError, message: /"enum" must be/ },
    },
  ],
  [
    "a two-line x-error-message",
    {
      given: specWith({ not: { required: ["a"] }, "x-error-message": "one\ntwo" }),
      want: { error: UnsupportedSchemaError, message: /one line/ },
    },
  ],
  [
    "two components with one identifier",
    {
      given: specWith(
        { $ref: "#/components/schemas/a-b" },
        {
          "a-b": { allOf: [{ $ref: "#/components/schemas/A_b" }] },
          A_b: { type: "string" },
          AB: { type: "string" },
        },
      ),
      want: {
        error: InvalidSpecError,
        message: /would both generate validators named AB|would both/,
      },
    },
  ],
];

describe("refuses what it cannot compile exactly", () => {
  it.each(rows)("%s", async (_name, { given, want }) => {
    const attempt = renderValidators(given, "./types.gen.js");
    await expect(attempt).rejects.toBeInstanceOf(want.error);
    await expect(attempt).rejects.toThrow(want.message);
  });
});

describe("options", () => {
  const good = { specPath: "openapi.json", outDir: "out", typesFrom: "./types.gen.js" };
  it.each([
    [
      "a missing typesFrom",
      { ...good, typesFrom: undefined },
      'option "typesFrom" must be a non-empty string, got undefined',
    ],
    [
      "an empty outDir",
      { ...good, outDir: " " },
      'option "outDir" must be a non-empty string, got " "',
    ],
    [
      "a number as specPath",
      { ...good, specPath: 1 },
      'option "specPath" must be a non-empty string, got number',
    ],
    ["no options", null, "options must be an object, got null"],
  ])("%s is a TypeError naming the option", async (_name, options, message) => {
    const attempt = generateValidators(options as unknown as GenerateValidatorsOptions);
    await expect(attempt).rejects.toBeInstanceOf(TypeError);
    await expect(attempt).rejects.toThrow(message);
  });
});

describe("the generate-validators command", () => {
  // The built command, as the package's `generate` script runs it (turbo builds it first).
  const cli = join(import.meta.dirname, "..", "dist", "cli.js");

  it("writes both files and names them", async () => {
    const out = join(scratchDir, "cli");
    const { stdout } = await run(process.execPath, [
      cli,
      "--spec",
      join(fixturesDir, "minimal", "openapi.json"),
      "--out",
      out,
      "--types-from",
      "./types.gen.js",
    ]);
    expect(stdout).toContain(join(out, "validators.gen.ts"));
    expect(stdout).toContain(join(out, "runtime.gen.ts"));
  }, 30_000);

  it("prints its usage and exits 1 when an option is missing", async () => {
    const failure = await run(process.execPath, [cli, "--spec", "x.json"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain("usage: generate-validators --spec");
  }, 30_000);
});
