import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveClientOptions } from "../src/client-options.js";
import { createClient, instances } from "../src/index.js";
import { startRecordingServer } from "./support/local-server.js";

const [firstInstance, secondInstance] = Object.keys(instances) as [
  keyof typeof instances,
  keyof typeof instances,
];
const body = {
  subscription_group_id: "group-1",
  subscription_state: "unsubscribed" as const,
  email: ["a@example.com"],
};

afterEach(() => {
  vi.unstubAllEnvs();
});

function setEnv(vars: Record<string, string | undefined>): void {
  for (const name of ["BRAZE_API_KEY", "BRAZE_REST_ENDPOINT", "BRAZE_REST_URL", "BRAZE_INSTANCE"])
    vi.stubEnv(name, vars[name]);
}

describe("on Node, what is not given comes from the environment", () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  it("createClient() with no options sends to BRAZE_REST_ENDPOINT with BRAZE_API_KEY", async () => {
    setEnv({ BRAZE_API_KEY: "env-key-123", BRAZE_REST_ENDPOINT: server.url });
    const { response } = await createClient().POST("/subscription/status/set", { body });
    expect(response.status).toBe(201);
    expect(server.received.at(-1)?.headers.authorization).toBe("Bearer env-key-123");
  });

  const cases: [string, { env: Record<string, string>; want: string }][] = [
    [
      "BRAZE_REST_ENDPOINT beats BRAZE_REST_URL and BRAZE_INSTANCE",
      {
        env: {
          BRAZE_REST_ENDPOINT: "http://127.0.0.1:1/",
          BRAZE_REST_URL: "http://127.0.0.1:2",
          BRAZE_INSTANCE: firstInstance,
        },
        want: "http://127.0.0.1:1",
      },
    ],
    [
      "BRAZE_REST_URL beats BRAZE_INSTANCE",
      {
        env: { BRAZE_REST_URL: "http://127.0.0.1:2", BRAZE_INSTANCE: firstInstance },
        want: "http://127.0.0.1:2",
      },
    ],
    [
      "BRAZE_INSTANCE alone",
      { env: { BRAZE_INSTANCE: firstInstance }, want: instances[firstInstance] },
    ],
    [
      "a blank variable counts as unset",
      {
        env: { BRAZE_REST_ENDPOINT: " ", BRAZE_INSTANCE: firstInstance },
        want: instances[firstInstance],
      },
    ],
  ];
  it.each(cases)("%s", (_name, { env, want }) => {
    setEnv({ BRAZE_API_KEY: "env-key", ...env });
    expect(resolveClientOptions({}).baseUrl).toBe(want);
  });

  it("explicit options always win over every variable", () => {
    setEnv({
      BRAZE_API_KEY: "env-key",
      BRAZE_REST_ENDPOINT: "http://127.0.0.1:1",
      BRAZE_INSTANCE: firstInstance,
    });
    const resolved = resolveClientOptions({ apiKey: "given-key", instance: secondInstance });
    expect(resolved).toMatchObject({ apiKey: "given-key", baseUrl: instances[secondInstance] });
    expect(resolveClientOptions({ baseUrl: "http://localhost:9" }).baseUrl).toBe(
      "http://localhost:9",
    );
  });

  it("a mistyped target option is refused, not replaced by the environment's target", () => {
    // openai-node spells it `baseURL`: ignored, the requests went to BRAZE_INSTANCE's host.
    setEnv({ BRAZE_API_KEY: "env-key", BRAZE_INSTANCE: firstInstance });
    const mistyped = { baseURL: server.url } as never;
    expect(() => createClient(mistyped)).toThrow(TypeError);
    expect(() => createClient(mistyped)).toThrow(
      /^createClient: unknown option "baseURL" \(did you mean "baseUrl"\?\); expected one of apiKey, instance, baseUrl, fetch, headers, userAgent$/,
    );
  });

  it("a bad variable is named in the TypeError, and the key's value is never repeated", () => {
    setEnv({ BRAZE_API_KEY: "env key with spaces", BRAZE_INSTANCE: firstInstance });
    expect(() => resolveClientOptions({})).toThrow(
      /environment variable BRAZE_API_KEY must not contain whitespace/,
    );
    expect(() => resolveClientOptions({})).not.toThrow(/env key with spaces/);
    setEnv({ BRAZE_API_KEY: "k", BRAZE_INSTANCE: "MARS-01" });
    expect(() => resolveClientOptions({})).toThrow(
      /environment variable BRAZE_INSTANCE must be one of .*got "MARS-01"/,
    );
    setEnv({ BRAZE_API_KEY: "k", BRAZE_REST_URL: "http://braze.example.com" });
    expect(() => resolveClientOptions({})).toThrow(
      /environment variable BRAZE_REST_URL must use https:\/\//,
    );
  });

  it("nothing given and nothing set: the error says which variables would do", () => {
    setEnv({});
    expect(() => resolveClientOptions({ apiKey: "k" })).toThrow(
      /BRAZE_REST_ENDPOINT, BRAZE_REST_URL, BRAZE_INSTANCE also work/,
    );
    expect(() => resolveClientOptions({ instance: firstInstance })).toThrow(
      /"apiKey" must be a non-empty string, got undefined \(on Node, BRAZE_API_KEY also works\)/,
    );
  });
});
