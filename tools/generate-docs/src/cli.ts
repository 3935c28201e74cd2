#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { generateDocs } from "./generate-docs.js";

const usage =
  "usage: generate-docs --spec <bundled openapi.json> --out <folder> [--title <page title>] [--runtime-api <names.json>]";

try {
  const { values } = parseArgs({
    options: {
      spec: { type: "string" },
      out: { type: "string" },
      title: { type: "string" },
      "runtime-api": { type: "string" },
    },
    strict: true,
  });
  if (!values.spec || !values.out) throw new Error(usage);
  const written = await generateDocs({
    specPath: values.spec,
    outDir: values.out,
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(values["runtime-api"] === undefined
      ? {}
      : { runtimeApi: JSON.parse(await readFile(values["runtime-api"], "utf8")) }),
  });
  const kib = Math.ceil(written.pageBytes / 1024);
  console.log(`generate-docs: wrote ${written.indexHtml} (${kib} KiB)`);
  console.log(`generate-docs: wrote ${written.specJson}`);
  console.log(`generate-docs: wrote ${written.specYaml}`);
} catch (error) {
  console.error(`generate-docs: ${(error as Error).message}`);
  process.exit(1);
}
