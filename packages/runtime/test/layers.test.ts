import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The README's "Layout" lists the folders of `src/` from the bottom layer up, and says a
// folder imports only from those listed before it: shared types at the bottom, nothing
// importing upward. madge finds cycles only; this holds the README to the imports.
const root = join(import.meta.dirname, "..");
const src = join(root, "src");

/** The Layout table's first cells, in order: each row a list of folders (`x/`) or files. */
function layoutRows(): string[][] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split(/^## Layout$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => [...(line.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""));
}

/** Where a source file sits in the layout: `[row, place in its row]`, by its top folder or name. */
function placeOf(rows: string[][], file: string): [number, number] | undefined {
  const top = file.includes("/") ? `${file.split("/")[0]}/` : file;
  for (const [row, names] of rows.entries()) {
    const place = names.indexOf(top);
    if (place >= 0) return [row, place];
  }
  return undefined;
}

/** Every relative import of every source file: `[from, to]`, both relative to `src/`. */
function imports(): Array<[string, string]> {
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
    (file) => file.endsWith(".ts") && !file.split("/").includes("generated"),
  );
  return files.flatMap((file) =>
    [
      ...readFileSync(join(src, file), "utf8").matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g),
    ].map((m): [string, string] => [
      file,
      relative(src, normalize(join(src, dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")))),
    ]),
  );
}

describe("the runtime's layers, as its README lists them", () => {
  const rows = layoutRows();

  it("the Layout table places every file of src/", () => {
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".ts"),
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(files.filter((file) => placeOf(rows, file) === undefined)).toEqual([]);
  });

  it("no file imports from a folder listed after its own", () => {
    const upward = imports().filter(([from, to]) => {
      if (from.split("/")[0] === to.split("/")[0]) return false; // within one folder
      const [fromRow, fromPlace] = placeOf(rows, from) ?? [-1, -1];
      const [toRow, toPlace] = placeOf(rows, to) ?? [Number.POSITIVE_INFINITY, 0];
      return toRow > fromRow || (toRow === fromRow && toPlace > fromPlace);
    });
    expect(upward.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });
});
