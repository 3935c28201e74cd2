import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { runBin } from "./support/run-bin.js";

const repo = new URL("../../../", import.meta.url);
// The READMEs a user reads for the CLI: its own, and lines of the others that run it.
const cliReadme = readFileSync(new URL("packages/cli/README.md", repo), "utf8");
const otherReadmes = ["README.md", "packages/runtime/README.md", "packages/testing/README.md"].map(
  (path) => readFileSync(new URL(path, repo), "utf8"),
);

/** Flags the CLI README names that are not ours, each with whose they are. */
const notOurs = new Map([
  ["--max-old-space-size", "node"],
  ["--trace-gc", "node"],
  ["--filter", "pnpm"],
  ["--apikey", "a deliberate typo: the README shows the error it gets"],
]);

function flagsIn(text: string): Set<string> {
  return new Set(text.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? []);
}

async function helpOfEveryCommand(): Promise<string> {
  const top = await runBin(["--help"]);
  expect(top.code).toBe(0);
  const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)]
    .map((m) => m[1] as string)
    .filter((name) => name !== "help");
  expect(commands).toContain("set");
  const helps = await Promise.all(commands.map((name) => runBin([name, "--help"])));
  return [top.stdout, ...helps.map((h) => h.stdout)].join("\n");
}

it("every flag the READMEs name for braze-subscriptions exists in its --help", async () => {
  const help = flagsIn(await helpOfEveryCommand());
  const named = flagsIn(cliReadme);
  for (const text of otherReadmes) {
    for (const line of text.split("\n")) {
      if (/braze-subscriptions (set|validate|mock|docs|demo)\b/.test(line)) {
        for (const flag of flagsIn(line)) named.add(flag);
      }
    }
  }
  const missing = [...named].filter((flag) => !help.has(flag) && !notOurs.has(flag));
  expect(missing).toEqual([]);
  // The exceptions stay honest: none of them is a flag of ours after all.
  expect([...notOurs.keys()].filter((flag) => help.has(flag))).toEqual([]);
});
