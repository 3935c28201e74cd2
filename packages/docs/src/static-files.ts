import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";

/**
 * The kinds of file a docs folder serves, with their content types. Other files (this
 * package's own code, source maps, type declarations) share dist/ but are not served.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".yml": "application/yaml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A file the server may answer with. */
export interface StaticFile {
  path: string;
  contentType: string;
}

/**
 * The files of a folder (not its subfolders), keyed by URL path (`/index.html`, and `/` for
 * the index). The server answers only these: a request can never reach outside the folder,
 * whatever `..` or encoding tricks its URL holds.
 */
export async function listStaticFiles(root: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()];
    if (!entry.isFile() || entry.name.startsWith(".") || contentType === undefined) continue;
    const file = { path: join(root, entry.name), contentType };
    files.set(`/${entry.name}`, file);
    if (entry.name === "index.html") files.set("/", file);
  }
  return files;
}
