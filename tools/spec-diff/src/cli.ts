#!/usr/bin/env node
import { parseArgs } from "node:util";
import { checkSpec } from "./check-spec.js";
import { formatResult } from "./format-result.js";

const USAGE = `Usage: spec-diff <check|diff> [--base <git ref>] [--cwd <repo root>] [--spec <entry>] [--json]

  check  fails (exit 1) when the spec changed since --base and the pending changesets
         do not bump the spec package's release group at least as much as the changes need
  diff   prints the changes and the bump they need; never fails on them

  --base defaults to the last release commit (the newest that changed the spec package's version).`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: "string" },
      cwd: { type: "string" },
      spec: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== "check" && command !== "diff")) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const result = await checkSpec({
    ...(values.base === undefined ? {} : { base: values.base }),
    ...(values.cwd === undefined ? {} : { cwd: values.cwd }),
    ...(values.spec === undefined ? {} : { spec: values.spec }),
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatResult(result));
  return command === "check" && !result.ok ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`spec-diff: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
