import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DocsNotBuiltError,
  type DocsServer,
  DocsServerError,
  docsDir,
  docsIndexHtml,
  docsSpecJson,
  serveDocs,
} from "../src/index.js";
import { resolveServeDocsOptions, type ServeDocsOptions } from "../src/serve-docs-options.js";

describe("serveDocs over real HTTP", () => {
  let server: DocsServer;
  beforeAll(async () => {
    server = await serveDocs();
  });
  afterAll(() => server.close());

  it("listens on a free 127.0.0.1 port and serves the page at /", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe(await readFile(docsIndexHtml, "utf8"));
  });

  it.each([
    ["/openapi.json", "application/json; charset=utf-8"],
    ["/openapi.yaml", "application/yaml; charset=utf-8"],
    ["/index.html", "text/html; charset=utf-8"],
  ])("serves %s as %s", async (path, contentType) => {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the spec the page was rendered from", async () => {
    const response = await fetch(new URL("/openapi.json", server.url));
    expect(await response.json()).toEqual(JSON.parse(await readFile(docsSpecJson, "utf8")));
  });

  it.each([
    ["a file that does not exist", "/nope.html"],
    ["the package's own code", "/index.js"],
    ["a source map", "/index.js.map"],
    ["a path out of the folder", "/../package.json"],
    ["an encoded path out of the folder", "/..%2fpackage.json"],
    ["a subfolder path", "/x/index.html"],
  ])("answers 404 for %s", async (_, path) => {
    // `fetch` would normalise `..` away; send the raw path.
    const response = await rawGet(server.port, path);
    expect(response.status).toBe(404);
  });

  it("answers HEAD without a body and refuses other methods with 405", async () => {
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(server.url, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("serveDocs failures", () => {
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), "docs-empty-"));
  });
  afterAll(() => rm(empty, { recursive: true, force: true }));

  it("throws DocsNotBuiltError for a folder without index.html or no folder at all", async () => {
    await writeFile(join(empty, "openapi.json"), "{}");
    await expect(serveDocs({ root: empty })).rejects.toBeInstanceOf(DocsNotBuiltError);
    await expect(serveDocs({ root: join(empty, "missing") })).rejects.toThrow(
      /index\.html is missing/,
    );
  });

  it("throws DocsServerError when the port is taken", async () => {
    const first = await serveDocs();
    try {
      const error = await serveDocs({ port: first.port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocsServerError);
      expect((error as Error).message).toContain(String(first.port));
      expect((error as Error).cause).toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await first.close();
    }
  });

  it.each([
    [{ port: -1 }, /option "port" must be an integer from 0 to 65535, got number -1/],
    [{ port: 1.5 }, /option "port".*got number 1\.5/],
    [{ port: "80" as unknown as number }, /option "port".*got "80"/],
    [{ host: "" }, /option "host" must be a non-empty string, got ""/],
    [{ root: 42 as unknown as string }, /option "root" must be a non-empty path, got number 42/],
    // A typo ran with the default (another port, no live reload), as every other package's
    // options refuse it.
    [
      { livereload: true } as ServeDocsOptions,
      /^serveDocs: unknown option "livereload" \(did you mean "liveReload"\?\); expected one of /,
    ],
    [{ prot: 8080 } as ServeDocsOptions, /^serveDocs: unknown option "prot"; expected one of /],
  ])("refuses %o with a TypeError naming the option", (options, message) => {
    expect(() => resolveServeDocsOptions(options)).toThrow(TypeError);
    expect(() => resolveServeDocsOptions(options)).toThrow(message);
  });

  it("defaults to a free port on 127.0.0.1 serving this package's docs", () => {
    expect(resolveServeDocsOptions()).toEqual({
      port: 0,
      host: "127.0.0.1",
      root: docsDir,
      liveReload: false,
    });
  });
});

/** A GET with the path exactly as given (no URL normalisation), over a real socket. */
async function rawGet(port: number, path: string): Promise<{ status: number }> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
    req.end();
  });
}
