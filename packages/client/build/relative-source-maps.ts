import { readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { Options } from "tsup";

type TsupPlugin = NonNullable<Options["plugins"]>[number];

/**
 * tsup's CommonJS code splitting runs each chunk through sucrase under the chunk's absolute
 * path, and the lines sucrase adds (its interop helpers) keep that path as their source: every
 * `.cjs.map` then named the build machine's folders (`/home/<user>/…/dist/index.cjs`), which
 * no consumer's debugger can open and a published package should not carry. This plugin
 * rewrites such sources relative to their map once tsup has written it, as the others are.
 * Used by the client's and the runtime's builds.
 */
export const relativeSourceMaps: TsupPlugin = {
  name: "relative-source-maps",
  async buildEnd({ writtenFiles }) {
    for (const { name } of writtenFiles) {
      if (!name.endsWith(".map")) continue;
      const file = resolve(name);
      const map = JSON.parse(await readFile(file, "utf8")) as { sources?: string[] };
      if (!map.sources?.some((source) => isAbsolute(source))) continue;
      map.sources = map.sources.map((source) =>
        isAbsolute(source) ? relative(dirname(file), source).split(sep).join("/") : source,
      );
      await writeFile(file, JSON.stringify(map));
    }
  },
};
