#!/usr/bin/env node
import { parseArgs } from "node:util";
import { generateDocs } from "./generate-docs.js";

const usage =
  "usage: generate-docs --spec <bundled openapi.json> --out <folder> [--title <page title>]";

try {
  const { values } = parseArgs({
    options: { spec: { type: "string" }, out: { type: "string" }, title: { type: "string" } },
    strict: true,
  });
  if (!values.spec || !values.out) throw new Error(usage);
  const written = await generateDocs({
    specPath: values.spec,
    outDir: values.out,
    ...(values.title === undefined ? {} : { title: values.title }),
  });
  const kib = Math.ceil(written.pageBytes / 1024);
  console.log(`generate-docs: wrote ${written.indexHtml} (${kib} KiB)`);
  console.log(`generate-docs: wrote ${written.specJson}`);
  console.log(`generate-docs: wrote ${written.specYaml}`);
} catch (error) {
  console.error(`generate-docs: ${(error as Error).message}`);
  process.exit(1);
}
