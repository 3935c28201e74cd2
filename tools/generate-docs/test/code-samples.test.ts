import { operationMetadata } from "@braze-subscriptions/generate-client";
import { describe, expect, it } from "vitest";
import {
  addCodeSamples,
  type CodeSample,
  clientSample,
  curlSample,
  operationObject,
  requestExamples,
  runtimeInput,
  runtimeSample,
  sampleSettings,
  sampleTemplatesFor,
  shellQuote,
} from "../src/index.js";
import {
  evaluateLiteral,
  loadRuntimeApi,
  loadSpec,
  realSpecPath,
  tinySpecPath,
} from "./support/spec-files.js";

/** The body a curl sample sends: the single-quoted word after --data-raw, unquoted. */
function curlBody(source: string): unknown {
  const quoted = source.slice(source.indexOf("--data-raw ") + "--data-raw ".length);
  return JSON.parse(quoted.slice(1, -1).replaceAll("'\\''", "'"));
}

/** The literal passed to the last call of a JavaScript sample: `…(<literal>);` at its end. */
function lastCallArgument(source: string, call: string): unknown {
  const start = source.lastIndexOf(call) + call.length;
  return evaluateLiteral(source.slice(start, source.lastIndexOf(");")));
}

async function realSamples() {
  const doc = await loadSpec(realSpecPath);
  const languages = addCodeSamples(doc, sampleTemplatesFor(await loadRuntimeApi()));
  const metadata = Object.values(operationMetadata(doc))[0];
  if (!metadata) throw new Error("The spec has no operation");
  const operation = operationObject(doc, metadata);
  return {
    doc,
    languages,
    metadata,
    operation,
    samples: operation["x-codeSamples"] as CodeSample[],
  };
}

describe("code samples generated from the real spec", () => {
  it("writes one sample per template and request example, labelled by both", async () => {
    const { doc, languages, operation, samples } = await realSamples();
    const examples = requestExamples(doc, operation);
    expect(examples.map((e) => e.key)).toEqual(["email", "sms"]);
    expect(samples.map((s) => s.label)).toEqual([
      "curl · email",
      "curl · sms",
      "client · email",
      "client · sms",
      "runtime · email",
      "runtime · sms",
    ]);
    // The menu lists every label of every operation; this operation's are among them.
    expect(languages).toEqual(
      expect.arrayContaining(samples.map(({ lang, label }) => ({ lang, label }))),
    );
  });

  it("curl: POSTs the example to the first server with the bearer key from the environment", async () => {
    const { doc, metadata, operation, samples } = await realSamples();
    const [email, sms] = requestExamples(doc, operation);
    for (const [sample, example] of [
      [samples[0], email],
      [samples[1], sms],
    ] as const) {
      const source = sample?.source ?? "";
      expect(source.split("\n")[0]).toBe(
        `curl -X POST '${doc.servers?.[0]?.url}${metadata.path}' \\`,
      );
      expect(source).toContain(`-H "Authorization: Bearer $${sampleSettings.apiKeyEnv}"`);
      expect(source).toContain("-H 'Content-Type: application/json'");
      expect(curlBody(source)).toEqual(example?.value);
    }
  });

  it("client: creates the client on the first server's instance and POSTs the example", async () => {
    const { doc, operation, samples } = await realSamples();
    const [email] = requestExamples(doc, operation);
    const source = samples[2]?.source ?? "";
    expect(source).toContain('import { createClient } from "@braze-subscriptions/client";');
    expect(source).toContain(
      `const braze = createClient({ apiKey: process.env.${sampleSettings.apiKeyEnv}, instance: "${doc.servers?.[0]?.["x-instance"]}" });`,
    );
    expect(source).toContain(
      'const { data, error } = await braze.POST("/subscription/status/set", {',
    );
    expect(lastCallArgument(source, '"/subscription/status/set", ')).toEqual({
      body: email?.value,
    });
  });

  it("runtime: calls setStatus with renamed fields and identifier lists as arrays", async () => {
    const { doc, metadata, operation, samples } = await realSamples();
    const [, sms] = requestExamples(doc, operation);
    const source = samples[5]?.source ?? "";
    expect(source).toContain('import { createBrazeRuntime } from "@braze-subscriptions/runtime";');
    expect(source).toContain("const braze = createBrazeRuntime({");
    expect(source).toContain("const result = await braze.setStatus({");
    const input = lastCallArgument(source, "braze.setStatus(");
    expect(input).toEqual(runtimeInput(await loadRuntimeApi(), metadata, { value: sms?.value }));
    const body = sms?.value as Record<string, unknown>;
    expect(input).toEqual({
      subscriptionGroupId: body.subscription_group_id,
      state: body.subscription_state,
      externalIds: [body.external_id],
      phones: body.phone,
    });
  });
});

describe("code samples of operations with query parameters (real spec)", () => {
  it("builds calls from the parameters' examples, by example key, in the spec's array format", async () => {
    const doc = await loadSpec(realSpecPath);
    addCodeSamples(doc, sampleTemplatesFor(undefined));
    for (const [path, operation] of Object.entries(doc.paths ?? {})) {
      const get = operation.get as Record<string, unknown> | undefined;
      if (!get) continue;
      const samples = get["x-codeSamples"] as CodeSample[];
      expect(samples.length, path).toBeGreaterThan(0);
      const curl = samples.find((s) => s.lang === "curl")?.source ?? "";
      expect(curl).toContain(`-X GET '`);
      expect(curl).not.toContain("--data-raw");
      const client = samples.find((s) => s.label.startsWith("client"))?.source ?? "";
      expect(client).toContain(`braze.GET(${JSON.stringify(path)}, {`);
      const argument = lastCallArgument(client, `${JSON.stringify(path)}, `) as {
        params: { query: Record<string, unknown> };
      };
      expect(Object.keys(argument.params.query).length).toBeGreaterThan(0);
    }
    const statusGet = doc.paths?.["/subscription/status/get"]?.get as Record<string, unknown>;
    const [curl] = statusGet["x-codeSamples"] as CodeSample[];
    const format = (doc as unknown as Record<string, unknown>)["x-query-array-format"];
    expect(curl?.source).toContain(
      format === "brackets"
        ? "external_id[]=external_identifier_1&external_id[]=external_identifier_2"
        : "external_id=external_identifier_1&external_id=external_identifier_2",
    );
  });
});

describe("code samples generated from a small spec", () => {
  it.each([
    [
      "curl",
      {
        template: curlSample,
        want: [
          "curl -X POST 'https://api.example.test/v1/things/add'",
          `-H "X-Api-Key: $${sampleSettings.apiKeyEnv}"`,
          `'\\''`,
        ],
      },
    ],
    [
      "client",
      {
        template: clientSample,
        want: ['baseUrl: "https://api.example.test/v1"', 'owner_name: "O\'Brien"'],
      },
    ],
  ])(
    "%s: follows the spec's server, security scheme and example",
    async (_, { template, want }) => {
      const doc = await loadSpec(tinySpecPath);
      addCodeSamples(doc, [template]);
      const samples = operationObject(doc, { method: "POST", path: "/things/add" } as never)[
        "x-codeSamples"
      ] as CodeSample[];
      // A single `example` gives one sample, labelled by the template alone.
      expect(samples.map((s) => s.label)).toEqual([template.label]);
      for (const text of want) expect(samples[0]?.source).toContain(text);
    },
  );

  it("curl: the body survives shell quoting of a single quote", async () => {
    const doc = await loadSpec(tinySpecPath);
    addCodeSamples(doc, [curlSample]);
    const [sample] = operationObject(doc, { method: "POST", path: "/things/add" } as never)[
      "x-codeSamples"
    ] as CodeSample[];
    expect(curlBody(sample?.source ?? "")).toEqual({ owner_name: "O'Brien", thing: "cup" });
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it("runtime: no sample for an operation the runtime does not serve", async () => {
    const doc = await loadSpec(tinySpecPath);
    const languages = addCodeSamples(doc, [runtimeSample(await loadRuntimeApi())]);
    expect(languages).toEqual([]);
    expect(
      operationObject(doc, { method: "POST", path: "/things/add" } as never)["x-codeSamples"],
    ).toEqual([]);
  });

  it("keeps samples the spec already has, first, and skips operations without examples", async () => {
    const doc = await loadSpec(tinySpecPath);
    const operation = operationObject(doc, { method: "POST", path: "/things/add" } as never);
    operation["x-codeSamples"] = [{ lang: "Python", label: "Python", source: "print(1)" }];
    const languages = addCodeSamples(doc, [curlSample]);
    expect(languages.map((l) => l.label)).toEqual(["Python", "curl"]);
    const list = operationObject(doc, { method: "GET", path: "/things/list" } as never);
    expect(list["x-codeSamples"]).toBeUndefined();
  });
});
