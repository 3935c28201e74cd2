import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DocsNotBuiltError, DocsServerError } from "./errors.js";
import { LIVE_RELOAD_PATH, LiveReload } from "./live-reload.js";
import { resolveServeDocsOptions, type ServeDocsOptions } from "./serve-docs-options.js";
import { listStaticFiles, type StaticFile } from "./static-files.js";

/** A running docs server. */
export interface DocsServer {
  /** The page's URL, e.g. `http://127.0.0.1:4173/`. */
  url: string;
  /** The port it listens on (useful with `port: 0`). */
  port: number;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
  /**
   * With `liveReload`, tells every open page to reload and returns how many were told;
   * without it, returns 0.
   */
  reload(): number;
}

/**
 * Serves the docs folder over HTTP, by default this package's built docs on a free port of
 * 127.0.0.1. Only the folder's own files are served, read from disk on each request (so
 * regenerated docs show on reload), with `GET` and `HEAD`.
 *
 * @example
 * const server = await serveDocs({ port: 4173 });
 * console.log(`Docs at ${server.url}`);
 * // …
 * await server.close();
 */
export async function serveDocs(options: ServeDocsOptions = {}): Promise<DocsServer> {
  const { port, host, root, liveReload } = resolveServeDocsOptions(options);
  const live = liveReload ? new LiveReload() : undefined;
  let files: Map<string, StaticFile>;
  try {
    files = await listStaticFiles(root);
  } catch (error) {
    throw new DocsNotBuiltError(root, { cause: error });
  }
  if (!files.has("/")) throw new DocsNotBuiltError(root);

  const server = createServer((request, response) => {
    if (live && request.method === "GET" && pathOf(request.url) === LIVE_RELOAD_PATH) {
      live.subscribe(response);
    } else {
      answer(files, request, response, live);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new DocsServerError(`Cannot serve the docs on ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${actualPort}/`,
    port: actualPort,
    reload: () => live?.reload() ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

function answer(
  files: Map<string, StaticFile>,
  request: IncomingMessage,
  response: ServerResponse,
  live: LiveReload | undefined,
): void {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    response.end("Method not allowed\n");
    return;
  }
  const file = files.get(pathOf(request.url));
  if (file === undefined) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end("Not found\n");
    return;
  }
  if (live && file.contentType.startsWith("text/html")) {
    answerHtml(file, request, response, live);
    return;
  }
  const stream = createReadStream(file.path);
  stream.once("open", () => {
    response.writeHead(200, {
      "content-type": file.contentType,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (request.method === "HEAD") {
      stream.destroy();
      response.end();
    } else {
      stream.pipe(response);
    }
  });
  stream.once("error", () => {
    // The file went away since the server started (e.g. the docs are being rebuilt).
    if (!response.headersSent)
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end("Not found\n");
  });
}

/** An HTML page with the live-reload script added (read whole: pages are small). */
function answerHtml(
  file: StaticFile,
  request: IncomingMessage,
  response: ServerResponse,
  live: LiveReload,
): void {
  readFile(file.path, "utf8").then(
    (html) => {
      response.writeHead(200, {
        "content-type": file.contentType,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      response.end(request.method === "HEAD" ? undefined : live.inject(html));
    },
    () => {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("Not found\n");
    },
  );
}

/** The path of a request target; anything unparsable maps to no file. */
function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}
