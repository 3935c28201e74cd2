import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Code, Html, Nodes, Parents } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { PackageCheckError } from "./errors.js";
import { publishedPackages } from "./published-packages.js";

/** One ```ts block of a README: what a user copies, and where it sits in the README. */
export interface ReadmeSample {
  /** The README's path as given (the check passes it relative to the repository root). */
  file: string;
  /** 1-based line of the opening fence in the README. */
  line: number;
  /** The block's code, without the fences. */
  code: string;
  /** True when the README marks the block `<!-- fragment -->` (see {@link fragmentMarker}). */
  fragment: boolean;
}

/**
 * The HTML comment, alone right before a fence, that marks its block as a fragment: a few
 * lines that use what an earlier block of the same README set up, not a whole module.
 * Rendered READMEs do not show it.
 */
export const fragmentMarker = "<!-- fragment -->";

/**
 * Every ```ts block of a README, in order, nested ones (in lists, quotes) included. Parsed with
 * mdast-util-from-markdown (remark's CommonMark parser), so an indented fence, a longer fence
 * or a ```ts inside another block is read as a reader's renderer reads it.
 */
export function readmeSamples(file: string, markdown: string): ReadmeSample[] {
  const samples: ReadmeSample[] = [];
  const visit = (parent: Parents) => {
    parent.children.forEach((node: Nodes, index) => {
      if (node.type === "code" && node.lang === "ts") {
        samples.push(sampleOf(file, node, parent.children[index - 1]));
      } else if ("children" in node) {
        visit(node);
      }
    });
  };
  visit(fromMarkdown(markdown));
  return samples;
}

/**
 * The samples of every published package's README, named relative to `repoRoot`: what users
 * read on npm. A package without a README has none.
 */
export async function publishedReadmeSamples(repoRoot: string): Promise<ReadmeSample[]> {
  const readmes = (await publishedPackages(repoRoot)).map((pkg) => join(pkg.dir, "README.md"));
  const samples = await Promise.all(
    readmes.map(async (readme) => {
      const markdown = await readFile(readme, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return "";
        throw error;
      });
      return readmeSamples(relative(repoRoot, readme), markdown);
    }),
  );
  return samples.flat();
}

function sampleOf(file: string, node: Code, before: Nodes | undefined): ReadmeSample {
  const line = node.position?.start.line;
  if (line === undefined)
    throw new PackageCheckError(`${file}: the markdown parser gave no position`);
  return { file, line, code: node.value, fragment: isFragmentMarker(before, line) };
}

// The marker counts only on the line right above the fence, so a comment further up cannot
// turn a whole block into a fragment unnoticed.
function isFragmentMarker(node: Nodes | undefined, fenceLine: number): node is Html {
  return (
    node?.type === "html" &&
    node.value.trim() === fragmentMarker &&
    node.position?.end.line === fenceLine - 1
  );
}
