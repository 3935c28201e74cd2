import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import * as optionChecks from "@braze-subscriptions/option-checks";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";

// What a browser or edge bundle of the packages does with a `process.env` that a polyfill (or
// an edge runtime) put there: it reads none of it, and leaves the User-Agent to the browser.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const env = {
  BRAZE_API_KEY: "key-from-a-polyfilled-env",
  BRAZE_REST_ENDPOINT: "http://127.0.0.1:9",
  BRAZE_INSTANCE: "US-01",
  BRAZE_LOG: "debug",
};

let server: { url: string; headers: IncomingHttpHeaders[]; close: () => void };
beforeAll(async () => {
  const headers: IncomingHttpHeaders[] = [];
  const http = createServer((req, res) => {
    headers.push(req.headers);
    req.resume().on("end", () => {
      res.writeHead(201, { "content-type": "application/json" }).end('{"message":"success"}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  server = { url: `http://127.0.0.1:${port}`, headers, close: () => http.close() };
});
afterAll(() => server.close());

async function browserBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { createClient } from "@braze-subscriptions/client";
        export { createBrazeRuntime } from "@braze-subscriptions/runtime";`,
      resolveDir: packageDir,
    },
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    globalName: "braze",
  });
  return result.outputFiles[0]?.text ?? "";
}

it("a browser build reads no environment and sets no User-Agent", async () => {
  const logged: unknown[] = [];
  const log = (...args: unknown[]) => logged.push(args);
  const page = {
    process: { env, versions: { node: "20.19.0" } },
    console: { debug: log, info: log, warn: log, error: log, log },
    fetch,
    Headers,
    FormData,
    Blob,
    ReadableStream,
    DOMException,
    EventTarget,
    Event,
    crypto,
    structuredClone,
    Request,
    Response,
    URL,
    AbortController,
    AbortSignal,
    TextEncoder,
    TextDecoder,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    performance,
  };
  const context = createContext({ ...page, window: page, self: page });
  runInContext(await browserBundle(), context);
  const braze = context.braze as {
    createClient: (options?: object) => {
      POST: (path: string, init: object) => Promise<{ response: Response }>;
    };
    createBrazeRuntime: (options?: object) => {
      send: (body: object) => Promise<{ status: number }>;
      close: () => Promise<void>;
    };
  };
  // Nothing given: no key and no target were taken from the polyfilled env.
  expect(() => braze.createClient()).toThrow(/option "apiKey" must be a non-empty string/);
  expect(() => braze.createClient({ apiKey: "k" })).toThrow(
    /option "instance" .* or option "baseUrl" is required/,
  );
  expect(() => braze.createBrazeRuntime({ baseUrl: server.url })).toThrow(/"apiKey"/);
  // The runtime's own option checks, which it takes from the client's copy.
  expect(() =>
    braze.createBrazeRuntime({ apiKey: "k", baseUrl: server.url, concurrency: 0 }),
  ).toThrow('createBrazeRuntime: option "concurrency" must be an integer ≥ 1, got number 0');

  const body = {
    subscription_group_id: "g",
    subscription_state: "subscribed",
    email: ["a@example.com"],
  };
  const { response } = await braze
    .createClient({ apiKey: "k", baseUrl: server.url })
    .POST("/subscription/status/set", { body });
  expect(response.status).toBe(201);
  const runtime = braze.createBrazeRuntime({ apiKey: "k", baseUrl: server.url });
  expect((await runtime.send(body)).status).toBe(201);
  await runtime.close();
  for (const headers of server.headers) {
    expect(headers["user-agent"] ?? "").not.toMatch(/braze-subscriptions/);
  }
  expect(server.headers).toHaveLength(2);
  // BRAZE_LOG=debug in a page's env turns no console logger on.
  expect(logged).toEqual([]);
});

it("a browser build of client + runtime holds one copy of the option checks", async () => {
  // Both packages use the private option checks; the runtime takes the client's copy (its
  // `internal/option-checks` entry). A second copy shows as a renamed twin: esbuild declares
  // `describeValue` and `describeValue2`.
  const bundle = await browserBundle();
  const copies = Object.keys(optionChecks)
    .filter((name) => name !== "field") // a namespace: declared as `fields_exports`
    .map((name) => ({
      name,
      declarations:
        bundle.match(new RegExp(`(?:function|var|let|const|class) ${name}\\d*\\b`, "g"))?.length ??
        0,
    }));
  expect(copies.filter((c) => c.declarations > 1)).toEqual([]);
  // The checks the client and the runtime call are there, once.
  expect(copies.filter((c) => ["describeValue", "optionChecker"].includes(c.name))).toEqual([
    { name: "describeValue", declarations: 1 },
    { name: "optionChecker", declarations: 1 },
  ]);
});
