import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { watchSpec } from "./spec-watcher.mjs";

let dir;
let watcher;
afterEach(async () => {
  await watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Waits until `seen` holds `path` `times` times (or gives up after `ms`). */
async function reported(seen, path, times, ms = 3000) {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (seen.filter((p) => p === path).length >= times) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

it("reports every save of a file, also saves that replace it by a rename (sed -i, an editor's safe write)", async () => {
  dir = await mkdtemp(join(tmpdir(), "spec-watch-"));
  await mkdir(join(dir, "paths"));
  const file = join(dir, "paths", "op.yaml");
  await writeFile(file, "description: one\n");
  const seen = [];
  watcher = await watchSpec(dir, (path) => seen.push(path));
  let saves = 0;
  for (const text of ["two", "three", "four"]) {
    const replacement = join(dir, "paths", `.op.yaml.${text}`);
    await writeFile(replacement, `description: ${text}\n`);
    await rename(replacement, file);
    saves += 1;
    expect(await reported(seen, file, saves), `save ${saves}`).toBe(true);
    // Events of one save may come as several (unlink, add): count the file once per save.
    await new Promise((resolve) => setTimeout(resolve, 200));
    saves = seen.filter((p) => p === file).length;
  }
  await writeFile(file, "description: five\n");
  expect(await reported(seen, file, saves + 1), "an in-place write after them").toBe(true);
});

it("leaves out the build's output (dist/) and node_modules", async () => {
  dir = await mkdtemp(join(tmpdir(), "spec-watch-"));
  await mkdir(join(dir, "dist"));
  await mkdir(join(dir, "node_modules"));
  const seen = [];
  watcher = await watchSpec(dir, (path) => seen.push(path));
  await writeFile(join(dir, "dist", "openapi.json"), "{}");
  await writeFile(join(dir, "node_modules", "x.json"), "{}");
  await writeFile(join(dir, "openapi.yaml"), "openapi: 3.1.0\n");
  expect(await reported(seen, join(dir, "openapi.yaml"), 1)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // A new file may come as two events (its creation, then its content: a CI run saw both);
  // `pnpm dev` debounces them into one rebuild. What counts is that no other path shows.
  expect(new Set(seen)).toEqual(new Set([join(dir, "openapi.yaml")]));
});
