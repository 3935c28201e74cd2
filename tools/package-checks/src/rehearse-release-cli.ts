#!/usr/bin/env node
import { rehearseRelease } from "./release-rehearsal.js";

// Usage: rehearse-release [repo root] — defaults to the current folder.
rehearseRelease({
  repoRoot: process.argv[2] ?? process.cwd(),
  log: (line) => console.error(`rehearsal: ${line}`),
}).then(
  (result) => console.log(JSON.stringify(result, null, 2)),
  (error: unknown) => {
    console.error(`rehearse-release: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
